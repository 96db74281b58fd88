package dev.dither.samples.recall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Optimizers;
import dev.dither.samples.AllocationWindows;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssociativeRecallTest {

  /**
   * A training step of the noisy variable-length LSTM (NAH, annealed, Adam, clipping) allocates
   * nothing once warm, with a different set of lengths at every step.
   */
  @Test
  void noisyVariableLengthLstmTrainingStepAllocatesNothingAfterWarmUp() {
    RecallNahModel model = new RecallNahModel(3)
        .optimizer(Optimizers.adam(1e-3))
        .gradientClipping(5)
        .noiseSchedule(AnnealingSchedules.paper(30, 10, 0.5));
    int batch = 8;
    int[][] tokens = new int[4][batch * AssociativeRecall.MAX_LENGTH];
    int[][] lengths = new int[4][batch];
    int[][] labels = new int[4][batch];
    DitherRandom random = new DitherRandom(1);
    for (int i = 0; i < 4; i++) {
      RecallTask.sample(random, tokens[i], lengths[i], labels[i]);
    }
    int[] call = {0};
    List<Long> windows = AllocationWindows.measure(() -> {
      int i = call[0]++ & 3;
      model.trainStep(tokens[i], lengths[i], labels[i]);
    }, 500, 6, 100);
    assertEquals(0L, AllocationWindows.smallest(windows), "bytes allocated per window of 100 training steps: " + windows);
  }

  @Test
  void answerIsTheItemAfterTheQuery() {
    int[] tokens = new int[200 * AssociativeRecall.MAX_LENGTH];
    int[] lengths = new int[200];
    int[] labels = new int[200];
    RecallTask.sample(new DitherRandom(4), tokens, lengths, labels);
    int[] seenItems = new int[AssociativeRecall.MAX_ITEMS + 1];
    for (int n = 0; n < labels.length; n++) {
      int base = n * AssociativeRecall.MAX_LENGTH;
      int k = RecallTask.items(lengths[n]);
      seenItems[k]++;
      assertTrue(k >= AssociativeRecall.MIN_ITEMS && k <= AssociativeRecall.MAX_ITEMS);
      assertEquals(AssociativeRecall.SEPARATOR, tokens[base + k]);
      int query = tokens[base + k + 1];
      int position = -1;
      for (int i = 0; i < k; i++) {
        assertTrue(tokens[base + i] < AssociativeRecall.ITEMS);
        for (int j = 0; j < i; j++) {
          assertNotEquals(tokens[base + j], tokens[base + i], "items are distinct");
        }
        if (tokens[base + i] == query) {
          position = i;
        }
      }
      assertTrue(position >= 0 && position < k - 1, "the query is one of the first k - 1 items");
      assertEquals(tokens[base + position + 1], labels[n]);
      for (int i = lengths[n]; i < AssociativeRecall.MAX_LENGTH; i++) {
        assertEquals(0, tokens[base + i], "padding");
      }
    }
    for (int k = AssociativeRecall.MIN_ITEMS; k <= AssociativeRecall.MAX_ITEMS; k++) {
      assertTrue(seenItems[k] > 0, "every number of items occurs");
    }
  }

  /** The main's logic, for a handful of steps: every configuration trains and the tables print. */
  @Test
  void experimentRunsForAFewSteps() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<AssociativeRecall.Result> results;
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      results = AssociativeRecall.run(6, 2, 2, 100, out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2 * AssociativeRecall.Config.MAIN.size(), results.size());
    for (AssociativeRecall.Result r : results) {
      assertTrue(r.testError() >= 0 && r.testError() <= 100, r.toString());
      assertEquals(0, r.skippedSteps(), r.toString());
    }
    for (AssociativeRecall.Config config : AssociativeRecall.Config.MAIN) {
      assertTrue(printed.contains("| " + config.label + " |"), printed);
    }
    assertTrue(printed.contains("Wall time"), printed);
  }
}
