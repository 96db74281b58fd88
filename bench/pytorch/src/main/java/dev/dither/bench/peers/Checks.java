package dev.dither.bench.peers;

import dev.dither.bench.HardLstmModel;
import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.LstmNetworks;
import dev.dither.bench.MnistLikeData;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.Networks;
import dev.dither.bench.Saturation;
import dev.dither.bench.SequenceData;
import dev.dither.bench.SoftGruModel;
import dev.dither.bench.SoftLstmModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What must hold before timing means anything; each failure stops the run.
 *
 * <ul>
 *   <li>The noisy sites really saturate: 20–45% of the MLP's hidden units and of each LSTM gate
 *       block, so that NAH's noise term is computed.
 *   <li>PyTorch computes the same network: from the generated model's parameters, the first two
 *       training steps (so the gradients and the update too) give the same losses to 1e-3
 *       relative, for every deterministic pair (the hand-written hard cell included).
 *   <li>PyTorch's training works: over 20 steps on one batch, the loss falls.
 * </ul>
 */
final class Checks {
  private Checks() {}

  /** Runs every check; returns one line per check, for the report. */
  static List<String> all(long modelSeed, long dataSeed) {
    List<String> passed = new ArrayList<>();
    MnistLikeData images = new MnistLikeData(dataSeed, 32);
    SequenceData sequences = new SequenceData(dataSeed, 16);

    var mlp = Networks.hardTanhBaseline(new HardTanhMlpModel(modelSeed));
    for (int l = 0; l < 2; l++) {
      passed.add(saturates("MLP " + Networks.LAYERS[l], Saturation.mlpHidden(mlp, images, l)));
    }
    double[] lstm = Saturation.lstmSites(
        LstmNetworks.nahBaseline(LstmNetworks.saturate(new NahLstmModel(modelSeed)), PeerBenchmarks.NOISE_SEED), sequences);
    String[] gates = {"i", "f", "g", "o"};
    for (int k = 0; k < 4; k++) {
      passed.add(saturates("NAH LSTM gate " + gates[k], lstm[k]));
    }
    passed.add(String.format(Locale.ROOT, "NAH LSTM cell output: %.1f%% of the cell states saturate (not asserted)", 100 * lstm[4]));

    float[] x = images.inputs(0);
    int[] y = images.labels(0);
    try (TorchMlp torch = new TorchMlp(new HardTanhMlpModel(modelSeed))) {
      passed.add(agree("MLP", new HardTanhMlpModel(modelSeed)::trainStep, torch::trainStep, x, y));
    }
    try (TorchMlp torch = new TorchMlp(new HardTanhMlpModel(modelSeed))) {
      passed.add(falls("PyTorch MLP", torch::trainStep, x, y));
    }
    float[] s = sequences.inputs(0);
    int[] t = sequences.labels(0);
    recurrent("sigmoid/tanh LSTM (fused)", LstmNetworks.saturate(new SoftLstmModel(modelSeed)),
        LstmNetworks.saturate(new SoftLstmModel(modelSeed))::trainStep, TorchRecurrent.Cell.FUSED_LSTM, s, t, passed);
    recurrent("hard LSTM (hand-written cell)", LstmNetworks.saturate(new HardLstmModel(modelSeed)),
        LstmNetworks.saturate(new HardLstmModel(modelSeed))::trainStep, TorchRecurrent.Cell.HARD_LSTM, s, t, passed);
    recurrent("GRU (fused)", new SoftGruModel(modelSeed), new SoftGruModel(modelSeed)::trainStep,
        TorchRecurrent.Cell.FUSED_GRU, s, t, passed);
    passed.forEach(line -> System.out.println("check: " + line));
    return passed;
  }

  private static void recurrent(String name, dev.dither.runtime.GeneratedModel source, PeerBenchmarks.Trainer dither,
      TorchRecurrent.Cell cell, float[] x, int[] y, List<String> passed) {
    try (TorchRecurrent torch = new TorchRecurrent(source, cell)) {
      passed.add(agree(name, dither, torch::trainStep, x, y));
    }
    try (TorchRecurrent torch = new TorchRecurrent(source, cell)) {
      passed.add(falls("PyTorch " + name, torch::trainStep, x, y));
    }
  }

  private static String saturates(String site, double fraction) {
    if (!(fraction > 0.2 && fraction < 0.45)) {
      throw new AssertionError(site + ": " + fraction + " of the units saturate, not 20-45%");
    }
    return String.format(Locale.ROOT, "%s: %.1f%% of the units saturate (20–45%% required)", site, 100 * fraction);
  }

  private static String agree(String name, PeerBenchmarks.Trainer dither, PeerBenchmarks.Trainer torch, float[] x, int[] y) {
    StringBuilder losses = new StringBuilder();
    for (int step = 1; step <= 2; step++) {
      double a = dither.trainStep(x, y);
      double b = torch.trainStep(x, y);
      if (!(Math.abs(a - b) <= 1e-3 * Math.max(1, Math.abs(a)))) {
        throw new AssertionError(name + ": step " + step + " loss " + a + " (Dither) but " + b + " (PyTorch)");
      }
      losses.append(String.format(Locale.ROOT, "%s%.5f / %.5f", step == 1 ? "" : ", ", a, b));
    }
    return name + ": Dither and PyTorch losses of the first two SGD steps agree (" + losses + ")";
  }

  private static String falls(String name, PeerBenchmarks.Trainer torch, float[] x, int[] y) {
    double first = torch.trainStep(x, y);
    double last = first;
    for (int step = 1; step < 20; step++) {
      last = torch.trainStep(x, y);
    }
    if (!(last < first)) {
      throw new AssertionError(name + ": loss " + first + " after 20 steps on one batch is " + last);
    }
    return String.format(Locale.ROOT, "%s: loss falls over 20 steps on one batch, %.4f → %.4f", name, first, last);
  }
}
