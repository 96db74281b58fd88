package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N steps, save, load in a fresh JVM, M more steps: bitwise the same as N + M steps without
 * interruption, for every parameter and every bit of training state.
 */
class ExactResumeTest {
  private static final int N = 10;
  private static final int M = 15;

  @TempDir Path dir;

  /** In the forked JVM: {@code kind checkpoint steps output}. */
  public static void main(String[] args) throws IOException {
    Path in = Path.of(args[1]);
    int steps = Integer.parseInt(args[2]);
    Path out = Path.of(args[3]);
    if (args[0].equals("dense")) {
      PersistDenseModel model = Runs.dense();
      model.loadCheckpoint(in);
      Runs.trainDense(model, steps);
      model.saveCheckpoint(out);
    } else {
      PersistLstmModel model = Runs.lstm();
      model.loadCheckpoint(in);
      Runs.trainLstm(model, steps);
      model.saveCheckpoint(out);
    }
  }

  @Test
  void denseNahWithAdamAndThePaperScheduleResumesExactly() throws Exception {
    PersistDenseModel model = Runs.dense();
    Runs.trainDense(model, N);
    double levelAtSave = model.noiseLevel("hidden");
    resumeInAFreshJvm("dense", model, () -> Runs.trainDense(model, M));
    assertNotEquals(levelAtSave, model.noiseLevel("hidden"), "the annealed c changes after the resume");
  }

  @Test
  void variableLengthNoisyLstmWithRmspropClippingAndCarriedStateResumesExactly() throws Exception {
    PersistLstmModel model = Runs.lstm();
    Runs.trainLstm(model, N);
    resumeInAFreshJvm("lstm", model, () -> Runs.trainLstm(model, M));
  }

  private void resumeInAFreshJvm(String kind, GeneratedModel model, Runnable trainMore) throws Exception {
    Path saved = dir.resolve(kind + "-" + N + ".safetensors");
    Path resumed = dir.resolve(kind + "-" + (N + M) + ".safetensors");
    model.saveCheckpoint(saved);
    List<double[]> atSave = values(model);

    ChildJvm.Result r = ChildJvm.run(120, List.of(), ExactResumeTest.class, kind, saved.toString(),
        String.valueOf(M), resumed.toString());
    assertEquals(0, r.exitCode(), r.output());

    trainMore.run();
    assertEquals(N + M, model.steps());
    GeneratedModel fresh = kind.equals("dense") ? Runs.dense() : Runs.lstm();
    fresh.loadCheckpoint(resumed);
    List<double[]> uninterrupted = values(model);
    List<double[]> afterResume = values(fresh);
    for (int i = 0; i < uninterrupted.size(); i++) {
      String name = model.parameters().get(i).name();
      assertArrayEquals(bits(uninterrupted.get(i)), bits(afterResume.get(i)), name + " differs bitwise");
    }
    assertFalse(Arrays.equals(bits(atSave.get(0)), bits(uninterrupted.get(0))), "training moved the weights");
    // Optimizer state, counters, noise seed and carried state too: the checkpoints are identical.
    assertArrayEquals(Runs.checkpointBytes(model, dir), Files.readAllBytes(resumed));
  }

  private static List<double[]> values(GeneratedModel model) {
    return model.parameters().all().stream().map(ExactResumeTest::values).toList();
  }

  private static double[] values(Parameter p) {
    double[] v = new double[p.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = p.get(i);
    }
    return v;
  }

  private static long[] bits(double[] v) {
    return Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
