package dev.dither.samples.persist;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Optimizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configured models and deterministic training runs that the persistence tests share, in
 * this JVM and in the JVMs they fork. Batch {@code t} depends only on {@code t}, so a resumed
 * run sees the same data as an uninterrupted one.
 */
final class Runs {
  private Runs() {}

  /** Dense NAH network, Adam, c annealed with the paper's schedule (fast enough to change within a test). */
  static PersistDenseModel dense() {
    return new PersistDenseModel(7)
        .optimizer(Optimizers.adam(1e-2))
        .noiseSchedule("hidden", AnnealingSchedules.paper(3, 4, 0.5));
  }

  static void trainDense(PersistDenseModel model, int steps) {
    for (int i = 0; i < steps; i++) {
      DitherRandom r = new DitherRandom(1000 + model.steps());
      int batch = 5;
      float[] x = new float[batch * 6];
      int[] y = new int[batch];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) r.nextUniform(-2, 2);
      }
      for (int n = 0; n < batch; n++) {
        y[n] = r.nextInt(3);
      }
      model.trainStep(x, y);
    }
  }

  /** Variable-length noisy LSTM, centered RMSprop with momentum, clipping, truncated BPTT. */
  static PersistLstmModel lstm() {
    return new PersistLstmModel(11)
        .optimizer(Optimizers.rmsprop(1e-2, 0.9, 1e-8, 0, 0.5, true))
        .gradientClipping(0.5)
        .carryState(true);
  }

  static void trainLstm(PersistLstmModel model, int steps) {
    for (int i = 0; i < steps; i++) {
      DitherRandom r = new DitherRandom(2000 + model.steps());
      int batch = 4;
      float[] x = new float[batch * 5 * 3];
      int[] lengths = new int[batch];
      int[] y = new int[batch];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) r.nextUniform(-1, 1);
      }
      for (int n = 0; n < batch; n++) {
        lengths[n] = 1 + r.nextInt(5);
        y[n] = r.nextInt(2);
      }
      model.trainStep(x, lengths, y);
    }
  }

  /** The bytes of a checkpoint of {@code model}: equal bytes mean equal state, bit for bit. */
  static byte[] checkpointBytes(GeneratedModel model, Path dir) {
    try {
      Path file = Files.createTempFile(dir, "state", ".safetensors");
      model.saveCheckpoint(file);
      byte[] bytes = Files.readAllBytes(file);
      Files.delete(file);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
