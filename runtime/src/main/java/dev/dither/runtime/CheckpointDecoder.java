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
import static dev.dither.runtime.Checkpoints.fingerprint;
import static dev.dither.runtime.Checkpoints.torchName;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The loading side of {@link Checkpoints}: reads, checks and decodes a file into temporaries and
 * commits them to the model only once everything has been checked.
 */
final class CheckpointDecoder {
  private CheckpointDecoder() {}

  static void load(ModelState s, Path path, boolean checkpoint) throws IOException {
    try (WeightFile f = WeightFile.open(path, true)) {
      String version = f.metadata().get(VERSION_KEY);
      if (version == null) {
        throw f.error("not a Dither weight file (no " + VERSION_KEY + " in its metadata); to import weights"
            + " trained elsewhere, use TorchWeights.load");
      }
      if (!version.equals(FORMAT_VERSION)) {
        throw f.error("format version " + version + ", but this Dither reads version " + FORMAT_VERSION);
      }
      String kind = f.metadata().get(KIND_KEY);
      if (!CHECKPOINT.equals(kind) && !WEIGHTS.equals(kind)) {
        throw f.error(KIND_KEY + " is " + kind + ", expected " + WEIGHTS + " or " + CHECKPOINT);
      }
      if (checkpoint && !CHECKPOINT.equals(kind)) {
        throw f.error("a weights file, but loadCheckpoint needs a checkpoint (written by saveCheckpoint)");
      }
      Set<String> expected = new HashSet<>();
      Weights weights;
      try {
        weights = readWeights(s, f, expected);
      } catch (WeightFileException e) {
        String theirs = f.metadata().get(FINGERPRINT_KEY);
        String ours = fingerprint(s.description);
        throw !ours.equals(theirs) ? new WeightFileException(e.getMessage() + "; the file was written for another"
            + " network (fingerprint " + theirs + ", this network's is " + ours + ")") : e;
      }
      checkNetwork(s, f);
      Training training = checkpoint ? readTraining(s, f, weights, expected) : null;
      if (checkpoint || WEIGHTS.equals(kind)) {
        for (String name : f.file.tensors().keySet()) {
          if (!expected.contains(name)) {
            throw f.error("extra tensor '" + name + "', which this network does not have");
          }
        }
      }
      // Everything is checked: from here on nothing can fail.
      ParameterSet params = s.model.parameters();
      for (int i = 0; i < params.count(); i++) {
        params.get(i).copyFromTorchLayout(weights.parameters[i]);
      }
      if (training == null) {
        for (int i = 0; i < s.noiseSites.length; i++) {
          s.fixNoiseLevel(i, weights.levels[i]);
        }
      } else {
        training.commit(s);
      }
    }
  }

  private record Weights(double[][] parameters, double[] levels) {}

  private static Weights readWeights(ModelState s, WeightFile f, Set<String> expected) throws WeightFileException {
    ParameterSet params = s.model.parameters();
    SafeTensors.DType dtype = params.get(0).isDouble() ? SafeTensors.DType.F64 : SafeTensors.DType.F32;
    double[][] values = new double[params.count()][];
    for (int i = 0; i < values.length; i++) {
      Parameter p = params.get(i);
      String name = torchName(p.name());
      expected.add(name);
      values[i] = f.values(name, dtype, p.torchShape());
    }
    double[] levels = new double[s.noiseSites.length];
    for (int i = 0; i < levels.length; i++) {
      String name = "noise." + s.noiseSites[i] + ".c";
      expected.add(name);
      levels[i] = f.real(name);
      if (levels[i] < 0) {
        throw f.error("tensor '" + name + "' holds the noise level " + levels[i] + "; levels are >= 0");
      }
    }
    return new Weights(values, levels);
  }

  /** Checked after the tensors, whose messages are more precise (layer, expected and actual shape). */
  private static void checkNetwork(ModelState s, WeightFile f) throws WeightFileException {
    String description = f.metadata().get(DESCRIPTION_KEY);
    String fingerprint = f.metadata().get(FINGERPRINT_KEY);
    if (description == null || fingerprint == null) {
      throw f.error("no network description or fingerprint in the metadata");
    }
    if (!fingerprint.equals(fingerprint(description))) {
      throw f.error("the fingerprint " + fingerprint + " does not match the description in the same file (corrupt metadata)");
    }
    if (!description.equals(s.description)) {
      String[] theirs = description.split("; ");
      String[] ours = s.description.split("; ");
      int i = 0;
      while (i < Math.min(theirs.length, ours.length) && theirs[i].equals(ours[i])) {
        i++;
      }
      throw f.error("written for another network (fingerprint " + fingerprint + ", this network's is "
          + fingerprint(s.description) + "): the file has '" + (i < theirs.length ? theirs[i] : "(nothing)")
          + "' where this network has '" + (i < ours.length ? ours[i] : "(nothing)") + "'");
    }
  }

  private static Training readTraining(ModelState s, WeightFile f, Weights weights, Set<String> expected)
      throws WeightFileException {
    Training t = new Training();
    t.steps = counter(f, "training.steps", expected);
    t.examplesSeen = counter(f, "training.examples_seen", expected);
    expected.add("training.max_gradient_norm");
    double norm = f.real("training.max_gradient_norm");
    if (Double.compare(norm, s.maxGradientNorm()) != 0) {
      throw f.error("the checkpoint was trained with gradient clipping " + norm + ", this model is set to "
          + s.maxGradientNorm() + "; call gradientClipping(" + norm + ") before loadCheckpoint");
    }
    for (int i = 0; i < s.noiseSites.length; i++) {
      double level = s.noiseLevel(i, t.steps);
      if (Double.compare(level, weights.levels[i]) != 0) {
        throw f.error("noise site '" + s.noiseSites[i] + "' was at c = " + weights.levels[i] + " at step " + t.steps
            + ", but the schedule set on this model gives " + level + " there; set the same noiseSchedule before"
            + " loadCheckpoint (a new one can be set after it)");
      }
    }
    String noise = f.metadata().get(NOISE_KEY);
    if (COUNTER_NOISE.equals(noise)) {
      expected.add("noise.seed");
      t.seed = f.integer("noise.seed");
    } else if (noise == null) {
      throw f.error("no " + NOISE_KEY + " in the metadata");
    }
    t.readOptimizer(s, f, expected);
    t.readCarried(s, f, expected);
    return t;
  }

  private static long counter(WeightFile f, String name, Set<String> expected) throws WeightFileException {
    expected.add(name);
    long value = f.integer(name);
    if (value < 0) {
      throw f.error("tensor '" + name + "' holds " + value + "; counters are >= 0");
    }
    return value;
  }

  /** The training part of a checkpoint, decoded and checked, ready to be committed. */
  private static final class Training {
    long steps;
    long examplesSeen;
    Long seed;
    double lr;
    long[] stepCounts;
    double[][][] optimizerState;
    boolean carry;
    int rows;
    double[][] carried;

    void readOptimizer(ModelState s, WeightFile f, Set<String> expected) throws WeightFileException {
      Optimizer o = s.optimizer();
      String ours = o.checkpointDescription();
      String theirs = f.metadata().get(OPTIMIZER_KEY);
      if (ours == null) {
        throw f.error("this model's optimizer " + o + " cannot be restored from a checkpoint; use one made by Optimizers");
      }
      if (!ours.equals(theirs)) {
        throw f.error("the checkpoint was trained with the optimizer " + theirs + ", this model has " + ours
            + "; set the same optimizer before loadCheckpoint");
      }
      expected.add("optimizer.lr");
      lr = f.real("optimizer.lr");
      if (lr < 0) {
        throw f.error("tensor 'optimizer.lr' holds the learning rate " + lr);
      }
      ParameterSet params = s.model.parameters();
      SafeTensors.DType dtype = params.get(0).isDouble() ? SafeTensors.DType.F64 : SafeTensors.DType.F32;
      String[] slots = o.stateNames();
      stepCounts = new long[params.count()];
      optimizerState = new double[params.count()][][];
      for (int i = 0; i < params.count(); i++) {
        Parameter p = params.get(i);
        if (!p.trainable()) {
          continue;
        }
        String prefix = "optimizer." + torchName(p.name()) + ".";
        stepCounts[i] = counter(f, prefix + "step", expected);
        optimizerState[i] = new double[slots.length][];
        for (int k = 0; k < slots.length; k++) {
          expected.add(prefix + slots[k]);
          optimizerState[i][k] = fromTorch(p, f.values(prefix + slots[k], dtype, p.torchShape()));
        }
      }
    }

    void readCarried(ModelState s, WeightFile f, Set<String> expected) throws WeightFileException {
      if (s.carriedNames.length == 0) {
        return;
      }
      long flag = counter(f, "training.carry_state", expected);
      if (flag > 1) {
        throw f.error("tensor 'training.carry_state' holds " + flag + ", expected 0 or 1");
      }
      carry = flag == 1;
      String first = "state." + s.carriedNames[0];
      SafeTensors.Tensor t = f.file.tensors().get(first);
      if (t == null || t.shape().length != 2) {
        throw f.error(t == null ? "missing tensor '" + first + "'" : "tensor '" + first + "' has shape "
            + t.shapeString() + ", expected [examples][" + s.carriedWidths[0] + "]");
      }
      rows = t.shape()[0];
      SafeTensors.DType dtype = s.model.parameters().get(0).isDouble() ? SafeTensors.DType.F64 : SafeTensors.DType.F32;
      carried = new double[s.carriedNames.length][];
      for (int k = 0; k < carried.length; k++) {
        String name = "state." + s.carriedNames[k];
        expected.add(name);
        carried[k] = f.values(name, dtype, new int[] {rows, s.carriedWidths[k]});
      }
    }

    void commit(ModelState s) {
      s.restoreCounters(steps, examplesSeen);
      Optimizer o = s.optimizer();
      o.learningRate(lr);
      o.importState(s.model.parameters(), stepCounts, optimizerState);
      if (seed != null) {
        s.model.noiseSource(new CounterNoise(seed));
      }
      if (carried != null) {
        s.restoreCarried(carry, rows);
        for (int k = 0; k < carried.length; k++) {
          Object array = s.carried(k);
          for (int i = 0; i < carried[k].length; i++) {
            if (array instanceof double[] d) {
              d[i] = carried[k][i];
            } else {
              ((float[]) array)[i] = (float) carried[k][i];
            }
          }
        }
      }
    }
  }

  private static double[] fromTorch(Parameter p, double[] torch) {
    double[] stored = new double[torch.length];
    for (int i = 0; i < torch.length; i++) {
      stored[p.storedIndex(i)] = torch[i];
    }
    return stored;
  }
}
