package dev.dither.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dither.bench.LstmNetworks;
import dev.dither.runtime.GeneratedModel;

/**
 * W2 in PyTorch: 32 inputs × 50 steps → a recurrent layer of 128 → last state → dense 10. The
 * cell is PyTorch's fused {@code torch.lstm} or {@code torch.gru} (what {@code nn.LSTM} and
 * {@code nn.GRU} call), or a hard-gated LSTM cell written by hand, as a PyTorch user needing the
 * paper's gates would have to: the input projections of all steps in one {@code linear}, then per
 * step the recurrent {@code linear}, hard-sigmoid gates {@code clamp(0.25 a + 0.5, 0, 1)}, hard-tanh
 * candidate and cell output.
 */
final class TorchRecurrent extends TorchNet {
  enum Cell { FUSED_LSTM, FUSED_GRU, HARD_LSTM }

  private static final int IN = LstmNetworks.INPUTS;
  private static final int H = LstmNetworks.HIDDEN;
  private static final int T = LstmNetworks.STEPS;

  private final Cell cell;
  private final NDArray weightIh;
  private final NDArray weightHh;
  private final NDArray biasIh;
  private final NDArray biasHh;
  private final NDArray outWeight;
  private final NDArray outBias;

  TorchRecurrent(GeneratedModel model, Cell cell) {
    super(LstmNetworks.LEARNING_RATE);
    this.cell = cell;
    int gates = (cell == Cell.FUSED_GRU ? 3 : 4) * H;
    weightIh = parameter(model, "rnn.weight_ih", gates, IN);
    weightHh = parameter(model, "rnn.weight_hh", gates, H);
    biasIh = parameter(model, "rnn.bias_ih", gates);
    biasHh = parameter(model, "rnn.bias_hh", gates);
    outWeight = parameter(model, "logits.weight", LstmNetworks.CLASSES, H);
    outBias = parameter(model, "logits.bias", LstmNetworks.CLASSES);
  }

  @Override
  protected NDArray logits(NDManager step, float[] inputs, int batch) {
    NDArray x = step.create(inputs, new Shape(batch, T, IN));
    NDArray last = switch (cell) {
      case FUSED_LSTM -> fused(step, x, batch, true);
      case FUSED_GRU -> fused(step, x, batch, false);
      case HARD_LSTM -> hard(step, x, batch);
    };
    return last.getNDArrayInternal().linear(last, outWeight, outBias).singletonOrThrow();
  }

  private NDArray fused(NDManager step, NDArray x, int batch, boolean lstm) {
    NDArray h0 = step.zeros(new Shape(1, batch, H));
    NDList params = new NDList(weightIh, weightHh, biasIh, biasHh);
    NDList out = lstm
        ? x.getNDArrayInternal().lstm(x, new NDList(h0, step.zeros(new Shape(1, batch, H))), params,
            true, 1, 0, true, false, true)
        : x.getNDArrayInternal().gru(x, h0, params, true, 1, 0, true, false, true);
    // out: the sequence of states (batch-first), then h_n (1 × batch × H).
    return out.get(1).reshape(batch, H);
  }

  private NDArray hard(NDManager step, NDArray x, int batch) {
    NDArray projections = x.getNDArrayInternal().linear(x, weightIh, biasIh).singletonOrThrow();
    NDArray h = step.zeros(new Shape(batch, H));
    NDArray c = step.zeros(new Shape(batch, H));
    for (int t = 0; t < T; t++) {
      NDArray a = projections.get(":, " + t + ", :")
          .add(h.getNDArrayInternal().linear(h, weightHh, biasHh).singletonOrThrow());
      NDList blocks = a.split(4, 1);
      NDArray i = hardSigmoid(blocks.get(0));
      NDArray f = hardSigmoid(blocks.get(1));
      NDArray g = blocks.get(2).clip(-1, 1);
      NDArray o = hardSigmoid(blocks.get(3));
      c = f.mul(c).add(i.mul(g));
      h = o.mul(c.clip(-1, 1));
    }
    return h;
  }

  /** The paper's hard sigmoid, slope 0.25 (not PyTorch's {@code hardsigmoid}, slope 1/6). */
  private static NDArray hardSigmoid(NDArray a) {
    return a.mul(0.25f).add(0.5f).clip(0, 1);
  }
}
