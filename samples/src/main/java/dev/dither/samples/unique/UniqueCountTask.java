package dev.dither.samples.unique;

import dev.dither.runtime.DitherRandom;
import java.util.Arrays;

/**
 * The data of the unique-count task: sequences of {@link UniqueCount#LENGTH} integers drawn
 * uniformly from {@code 0..10} (11 values), one-hot encoded, labelled with their number of
 * distinct values minus one (class 0 is a count of 1, class 10 a count of 11).
 */
final class UniqueCountTask {
  private UniqueCountTask() {}

  /**
   * Fills {@code inputs} ({@code batch × LENGTH × VALUES} one-hot floats) and {@code labels}
   * with {@code labels.length} fresh sequences drawn from {@code random}.
   */
  static void sample(DitherRandom random, float[] inputs, int[] labels) {
    Arrays.fill(inputs, 0f);
    for (int n = 0; n < labels.length; n++) {
      int seen = 0;
      for (int t = 0; t < UniqueCount.LENGTH; t++) {
        int value = random.nextInt(UniqueCount.VALUES);
        inputs[(n * UniqueCount.LENGTH + t) * UniqueCount.VALUES + value] = 1f;
        seen |= 1 << value;
      }
      labels[n] = Integer.bitCount(seen) - 1;
    }
  }

  /** A fixed set of {@code size} sequences. */
  record TestSet(float[] inputs, int[] labels) {
    static TestSet draw(long seed, int size) {
      float[] inputs = new float[size * UniqueCount.LENGTH * UniqueCount.VALUES];
      int[] labels = new int[size];
      sample(new DitherRandom(seed), inputs, labels);
      return new TestSet(inputs, labels);
    }

    int size() {
      return labels.length;
    }

    /** Error of always answering the most frequent count of this set: what a model that ignores its input scores. */
    double majorityError() {
      int[] counts = new int[UniqueCount.CLASSES];
      for (int label : labels) {
        counts[label]++;
      }
      return 1 - (double) Arrays.stream(counts).max().getAsInt() / labels.length;
    }
  }
}
