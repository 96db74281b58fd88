package dev.dither.samples.unique;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedule;
import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Optimizers;
import dev.dither.samples.AllocationWindows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class UniqueCountTest {

  /** A training step of the noisy LSTM (NAN on every site, annealed, Adam, clipping) allocates nothing once warm. */
  @Test
  void noisyLstmTrainingStepAllocatesNothingAfterWarmUp() {
    UniqueNanModel model = new UniqueNanModel(3)
        .optimizer(Optimizers.adam(1e-3))
        .gradientClipping(5)
        .noiseSchedule(AnnealingSchedules.paper(30, 10, 0.5));
    float[] x = new float[8 * UniqueCount.LENGTH * UniqueCount.VALUES];
    int[] y = new int[8];
    UniqueCountTask.sample(new DitherRandom(1), x, y);
    List<Long> windows = AllocationWindows.measure(() -> model.trainStep(x, y), 300, 6, 100);
    assertEquals(0L, AllocationWindows.smallest(windows), "bytes allocated per window of 100 training steps: " + windows);
  }

  /** The same for input noise (NANIL), whose backward pass differs. */
  @Test
  void nanilLstmTrainingStepAllocatesNothingAfterWarmUp() {
    UniqueNanilModel model = new UniqueNanilModel(3)
        .optimizer(Optimizers.adam(1e-3))
        .gradientClipping(5)
        .noiseSchedule(AnnealingSchedules.paper(30, 10, 0.5));
    float[] x = new float[8 * UniqueCount.LENGTH * UniqueCount.VALUES];
    int[] y = new int[8];
    UniqueCountTask.sample(new DitherRandom(2), x, y);
    List<Long> windows = AllocationWindows.measure(() -> model.trainStep(x, y), 300, 6, 100);
    assertEquals(0L, AllocationWindows.smallest(windows), "bytes allocated per window of 100 training steps: " + windows);
  }

  @Test
  void labelsAreTheNumberOfDistinctValuesMinusOne() {
    float[] x = new float[50 * UniqueCount.LENGTH * UniqueCount.VALUES];
    int[] y = new int[50];
    UniqueCountTask.sample(new DitherRandom(5), x, y);
    for (int n = 0; n < y.length; n++) {
      boolean[] seen = new boolean[UniqueCount.VALUES];
      for (int t = 0; t < UniqueCount.LENGTH; t++) {
        int hot = -1;
        for (int v = 0; v < UniqueCount.VALUES; v++) {
          float f = x[(n * UniqueCount.LENGTH + t) * UniqueCount.VALUES + v];
          assertTrue(f == 0f || f == 1f);
          if (f == 1f) {
            assertEquals(-1, hot, "one value per step");
            hot = v;
          }
        }
        seen[hot] = true;
      }
      int distinct = 0;
      for (boolean s : seen) {
        distinct += s ? 1 : 0;
      }
      assertEquals(distinct - 1, y[n]);
    }
  }

  /** The annealed level starts at 30 and has reached the floor 0.5 by the last step, as the paper's at t = 3599. */
  @Test
  void annealingReachesTheFloorByTheLastStep() {
    AnnealingSchedule annealed = UniqueCount.schedule(UniqueCount.Config.NAN_ANNEALED, UniqueCount.DEFAULT_STEPS);
    assertEquals(30, annealed.level(0), 0);
    assertTrue(annealed.level(UniqueCount.DEFAULT_STEPS / 2) > 0.5);
    assertEquals(0.5, annealed.level(UniqueCount.DEFAULT_STEPS - 1), 0);
    assertEquals(0.5, UniqueCount.schedule(UniqueCount.Config.NAN_CONSTANT, 100).level(0), 0);
  }

  /** Every configuration of a seed starts from the reference's weights. */
  @Test
  void configurationsOfASeedShareTheirInitialWeights() {
    float[] reference = UniqueCount.create(UniqueCount.Config.REFERENCE, 7, 100).model()
        .parameters().get("lstm.weight_hh").floatValues();
    for (UniqueCount.Config config : UniqueCount.Config.values()) {
      assertArrayEquals(reference, UniqueCount.create(config, 7, 100).model()
          .parameters().get("lstm.weight_hh").floatValues(), config.toString());
    }
  }

  /** The main's logic, for a handful of steps: every configuration, controls included, trains and the tables print. */
  @Test
  void experimentRunsForAFewSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<UniqueCount.Result> results;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      results = UniqueCount.run(6, 1, 2, 100, List.of(UniqueCount.Config.values()), out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(UniqueCount.Config.values().length, results.size());
    for (UniqueCount.Result r : results) {
      assertTrue(r.testError() >= 0 && r.testError() <= 100, r.toString());
      assertEquals(0, r.skippedSteps(), r.toString());
    }
    for (UniqueCount.Config config : UniqueCount.Config.values()) {
      assertTrue(printed.contains("| " + config.label + " |"), printed);
    }
    assertTrue(printed.contains("annealed NAN < annealed NANIL"), printed);
    assertTrue(printed.contains("Wall time"), printed);
  }
}
