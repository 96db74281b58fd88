package dev.dither.bench;

import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;

/**
 * Builds the two implementations of each benchmarked LSTM ({@link SoftLstm}, {@link NahLstm}) with
 * identical parameters and identical noise, so that they do the same work.
 *
 * <p>{@code @Lstm} initialises every weight U(−1/√H, 1/√H) as PyTorch does. On the benchmark's
 * U(−1, 1) inputs that keeps the pre-activations small (root mean square 0.18, largest |x| 0.97
 * over the pool), so that no hard-sigmoid gate (saturated beyond |x| = 2), hard-tanh candidate or
 * hard-tanh cell output (beyond |x| = 1) ever saturates, and NAH's noise term, non-zero only on saturated sites, would
 * never be computed. {@link #saturate} therefore scales the input weights after construction:
 * those of the gate units i, f and o (their rows of PyTorch's {@code weight_ih}) by
 * {@link #GATE_GAIN} and those of the candidate g by {@link #CANDIDATE_GAIN}, half as much
 * because the hard tanh saturates at half the hard sigmoid's threshold. The recurrent weights,
 * the biases and the output layer keep their defaults: scaling {@code weight_hh} as well (tried
 * with gains 8 and 4) made the recurrence explode, with gradient norms of ~10² that float rounding
 * changed by 10⁻³–10⁻¹ relative over 50 steps, in the generated and the hand-written code alike
 * (against a DOUBLE build of the same network); with these gains both stay within ~10⁻⁶ of it. On the benchmark's data about 32% of each gate site's
 * pre-activations and about 6% of the cell states then saturate (asserted by
 * {@code LstmEquivalenceTest}, reported in BENCHMARKS.md). Both variants are scaled alike, so
 * they run in the same regime.
 */
public final class LstmNetworks {
  public static final int INPUTS = SequenceData.INPUTS;
  public static final int HIDDEN = 128;
  public static final int STEPS = SequenceData.STEPS;
  public static final int CLASSES = SequenceData.CLASSES;
  public static final double LEARNING_RATE = 0.01;
  public static final double ALPHA = 1.15;
  public static final double C = 0.5;
  /** Scale of the default-initialised input weights of the gate units i, f and o. */
  public static final double GATE_GAIN = 12;
  /** Scale of the default-initialised input weights of the candidate units g. */
  public static final double CANDIDATE_GAIN = 6;

  /** Parameter names shared by both networks, without p. */
  public static final String[] PARAMETERS = {
      "rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih", "rnn.bias_hh", "logits.weight", "logits.bias"};

  private LstmNetworks() {}

  /** Scales {@code model}'s LSTM input weights as described above; returns the model. */
  public static <M extends GeneratedModel> M saturate(M model) {
    // Stored input-major, [inputs][4H]: the gate unit of entry i is i % 4H, its block (i, f, g, o) that / H.
    float[] w = model.parameters().get("rnn.weight_ih").floatValues();
    int gates = 4 * HIDDEN;
    for (int i = 0; i < w.length; i++) {
      int block = (i % gates) / HIDDEN;
      w[i] = (float) (w[i] * (block == 2 ? CANDIDATE_GAIN : GATE_GAIN));
    }
    return model;
  }

  /** The baseline for {@link SoftLstm}, holding a copy of {@code model}'s parameters. */
  public static HandWrittenLstm softBaseline(SoftLstmModel model) {
    HandWrittenLstm baseline = HandWrittenLstm.soft(INPUTS, HIDDEN, STEPS, CLASSES, LEARNING_RATE, 0);
    copyParameters(model, baseline);
    return baseline;
  }

  /**
   * The baseline for {@link NahLstm}, holding a copy of {@code model}'s parameters and drawing its
   * noise from a {@link CounterNoise} with {@code noiseSeed}; the model is given the same.
   */
  public static HandWrittenLstm nahBaseline(NahLstmModel model, long noiseSeed) {
    model.noiseSource(new CounterNoise(noiseSeed));
    HandWrittenLstm baseline = HandWrittenLstm.nah(INPUTS, HIDDEN, STEPS, CLASSES, LEARNING_RATE,
        ALPHA, C, new CounterNoise(noiseSeed), 0);
    copyParameters(model, baseline);
    return baseline;
  }

  /** Copies every parameter from the generated model, via PyTorch's layout. */
  public static void copyParameters(GeneratedModel model, HandWrittenLstm baseline) {
    for (int i = 0; i < PARAMETERS.length; i++) {
      copy(model.parameters().get(PARAMETERS[i]), baselineParameter(baseline, PARAMETERS[i], false));
    }
    if (baseline.pGates() != null) {
      copy(model.parameters().get("rnn.p_gates"), baseline.pGates());
      copy(model.parameters().get("rnn.p_cell"), baseline.pCell());
    }
  }

  /** The baseline's live values (or gradients) of the parameter the generated model calls {@code name}. */
  public static float[] baselineParameter(HandWrittenLstm baseline, String name, boolean grads) {
    return switch (name) {
      case "rnn.weight_ih" -> grads ? baseline.weightIhGrad() : baseline.weightIh();
      case "rnn.weight_hh" -> grads ? baseline.weightHhGrad() : baseline.weightHh();
      case "rnn.bias_ih" -> grads ? baseline.biasIhGrad() : baseline.biasIh();
      case "rnn.bias_hh" -> grads ? baseline.biasHhGrad() : baseline.biasHh();
      case "rnn.p_gates" -> grads ? baseline.pGatesGrad() : baseline.pGates();
      case "rnn.p_cell" -> grads ? baseline.pCellGrad() : baseline.pCell();
      case "logits.weight" -> grads ? baseline.outWeightGrad() : baseline.outWeight();
      case "logits.bias" -> grads ? baseline.outBiasGrad() : baseline.outBias();
      default -> throw new IllegalArgumentException("no parameter " + name);
    };
  }

  private static void copy(Parameter from, float[] to) {
    double[] values = new double[from.size()];
    from.copyToTorchLayout(values);
    if (values.length != to.length) {
      throw new IllegalArgumentException(from.name() + ": " + values.length + " values, baseline has " + to.length);
    }
    for (int i = 0; i < values.length; i++) {
      to[i] = (float) values[i];
    }
  }
}
