package dev.dither.runtime;

import static dev.dither.runtime.Checkpoints.CHECKPOINT;
import static dev.dither.runtime.Checkpoints.COUNTER_NOISE;
import static dev.dither.runtime.Checkpoints.DESCRIPTION_KEY;
import static dev.dither.runtime.Checkpoints.FINGERPRINT_KEY;
import static dev.dither.runtime.Checkpoints.FORMAT_VERSION;
import static dev.dither.runtime.Checkpoints.KIND_KEY;
import static dev.dither.runtime.Checkpoints.NOISE_KEY;
import static dev.dither.runtime.Checkpoints.OPTIMIZER_KEY;
import static dev.dither.runtime.Checkpoints.VERSION_KEY;
import static dev.dither.runtime.Checkpoints.WEIGHTS;
import static dev.dither.runtime.Checkpoints.ditherVersion;
import static dev.dither.runtime.Checkpoints.fingerprint;
import static dev.dither.runtime.Checkpoints.torchName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The saving side of {@link Checkpoints}: every tensor in PyTorch's layout, the metadata, and the
 * checks that keep a diverged model from being written.
 */
final class CheckpointEncoder {
  private CheckpointEncoder() {}

  static void save(ModelState s, Path file, boolean checkpoint) throws IOException {
    ParameterSet params = s.model.parameters();
    boolean asFloat = !params.get(0).isDouble();
    SafeTensorsWriter w = new SafeTensorsWriter();
    for (Parameter p : params.all()) {
      double[] torch = new double[p.size()];
      p.copyToTorchLayout(torch);
      requireFinite(s, p.name(), torch);
      w.add(torchName(p.name()), p.torchShape(), torch, asFloat);
    }
    long steps = s.model.steps();
    for (int i = 0; i < s.noiseSites.length; i++) {
      w.add("noise." + s.noiseSites[i] + ".c", new int[0], new double[] {s.noiseLevel(i, steps)}, false);
    }
    if (checkpoint) {
      w.add("training.steps", new int[0], new long[] {steps});
      w.add("training.examples_seen", new int[0], new long[] {s.model.examplesSeen()});
      w.add("training.max_gradient_norm", new int[0], new double[] {s.maxGradientNorm()}, false);
      if (s.noise() instanceof CounterNoise counter) {
        w.add("noise.seed", new int[0], new long[] {counter.seed()});
      }
      w.metadata(NOISE_KEY, s.noise() instanceof CounterNoise ? COUNTER_NOISE : s.noise().getClass().getName());
      saveOptimizer(s, w, asFloat);
      saveCarried(s, w, asFloat);
    }
    w.metadata("format", "pt");
    w.metadata(VERSION_KEY, FORMAT_VERSION);
    w.metadata("dither.version", ditherVersion());
    w.metadata(KIND_KEY, checkpoint ? CHECKPOINT : WEIGHTS);
    w.metadata("dither.network", s.model.networkName());
    w.metadata(DESCRIPTION_KEY, s.description);
    w.metadata(FINGERPRINT_KEY, fingerprint(s.description));
    List<String> names = new ArrayList<>();
    w.names().forEach(names::add);
    for (String name : names) {
      w.metadata(WeightFile.CRC_PREFIX + name, WeightFile.crc(w.data(name)));
    }
    w.write(file);
  }

  private static void saveOptimizer(ModelState s, SafeTensorsWriter w, boolean asFloat) {
    Optimizer o = s.optimizer();
    String description = o.checkpointDescription();
    if (description == null) {
      throw new IllegalStateException(s.model.networkName() + ": the optimizer " + o + " cannot be saved in"
          + " a checkpoint; only those made by Optimizers can. Nothing was written.");
    }
    w.metadata(OPTIMIZER_KEY, description);
    w.add("optimizer.lr", new int[0], new double[] {o.learningRate()}, false);
    String[] slots = o.stateNames();
    ParameterSet params = s.model.parameters();
    for (int i = 0; i < params.count(); i++) {
      Parameter p = params.get(i);
      if (!p.trainable()) {
        continue;
      }
      String prefix = "optimizer." + torchName(p.name()) + ".";
      w.add(prefix + "step", new int[0], new long[] {o.stepCount(i)});
      for (int k = 0; k < slots.length; k++) {
        double[] stored = new double[p.size()];
        o.exportState(i, k, stored);
        w.add(prefix + slots[k], p.torchShape(), toTorch(p, stored), asFloat);
      }
    }
  }

  private static void saveCarried(ModelState s, SafeTensorsWriter w, boolean asFloat) {
    if (s.carriedNames.length == 0) {
      return;
    }
    w.add("training.carry_state", new int[0], new long[] {s.carrying() ? 1 : 0});
    int rows = s.carriedRows();
    for (int k = 0; k < s.carriedNames.length; k++) {
      double[] values = new double[rows * s.carriedWidths[k]];
      Object array = s.carried(k);
      for (int i = 0; i < values.length; i++) {
        values[i] = array instanceof double[] d ? d[i] : ((float[]) array)[i];
      }
      w.add("state." + s.carriedNames[k], new int[] {rows, s.carriedWidths[k]}, values, asFloat);
    }
  }

  private static void requireFinite(ModelState s, String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalStateException(s.model.networkName() + ": parameter '" + name + "' holds " + values[i]
            + " (PyTorch layout, flat index " + i + "); a diverged model is not saved, the file was not written");
      }
    }
  }

  private static double[] toTorch(Parameter p, double[] stored) {
    double[] torch = new double[stored.length];
    for (int i = 0; i < torch.length; i++) {
      torch[i] = stored[p.storedIndex(i)];
    }
    return torch;
  }
}
