package dev.dither.samples.unique;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The report's sentence on continuation follows the seeds, not only the mean. */
class UniqueCountVerdictTest {
  @Test
  void oneLuckySeedDoesNotMakeAContinuationEffect() {
    // The docs run: annealed 32.85, 10.78 against noiseless 31.32, 27.88; lower mean, lower in 1 seed of 2.
    String verdict = UniqueCountExperiment.continuation(new double[] {32.85, 10.78}, new double[] {31.32, 27.88});
    assertTrue(verdict.contains("only 1 of 2 seeds") && verdict.contains("**not** separate"), verdict);
  }

  @Test
  void lowerInEverySeedPointsToContinuation() {
    String verdict = UniqueCountExperiment.continuation(new double[] {20, 10}, new double[] {30, 28});
    assertTrue(verdict.contains("in every seed"), verdict);
  }

  @Test
  void noiselessAsGoodMeansNoContinuation() {
    String verdict = UniqueCountExperiment.continuation(new double[] {20, 30}, new double[] {20, 25});
    assertTrue(verdict.contains("**not** from continuation"), verdict);
  }

  @Test
  void lowerInCountsPairedSeeds() {
    assertEquals("2 of 3", UniqueCountExperiment.lowerIn(new double[] {1, 5, 2}, new double[] {2, 4, 3}));
  }
}
