package dev.dither.runtime;

/**
 * Softmax over consecutive rows, in place, for the {@code probabilities} entry points. Each row
 * is shifted by its maximum and summed in double, so large logits neither overflow nor lose
 * the small classes; the result is rounded once to the array's precision.
 */
public final class Probabilities {
  private Probabilities() {}

  /** Replaces each row of {@code width} logits by its softmax. */
  public static void softmaxRows(float[] values, int width) {
    for (int start = 0; start < values.length; start += width) {
      double max = values[start];
      for (int k = 1; k < width; k++) {
        max = Math.max(max, values[start + k]);
      }
      double sum = 0;
      for (int k = 0; k < width; k++) {
        sum += Math.exp(values[start + k] - max);
      }
      for (int k = 0; k < width; k++) {
        values[start + k] = (float) (Math.exp(values[start + k] - max) / sum);
      }
    }
  }

  /** Replaces each row of {@code width} logits by its softmax. */
  public static void softmaxRows(double[] values, int width) {
    for (int start = 0; start < values.length; start += width) {
      double max = values[start];
      for (int k = 1; k < width; k++) {
        max = Math.max(max, values[start + k]);
      }
      double sum = 0;
      for (int k = 0; k < width; k++) {
        sum += Math.exp(values[start + k] - max);
      }
      for (int k = 0; k < width; k++) {
        values[start + k] = Math.exp(values[start + k] - max) / sum;
      }
    }
  }
}
