package dev.dither.runtime;

/**
 * Argument checks called by generated code once per call (never per unit), so that every
 * network reports bad input with the same wording: the layer, what was expected, what came.
 */
public final class Checks {
  private Checks() {}

  /** The batch size implied by {@code length} values of {@code width} each, or an exception. */
  public static int batchOf(String network, String layer, int length, int width) {
    if (length == 0) {
      throw new IllegalArgumentException(network + ": layer '" + layer + "' expects at least one example ("
          + width + " values each), got none");
    }
    if (length % width != 0) {
      throw new IllegalArgumentException(network + ": layer '" + layer + "' expects a multiple of "
          + width + " values (" + width + " per example), got " + length);
    }
    return length / width;
  }

  /**
   * The batch size the inputs of a training call imply. When their length is not a whole
   * number of examples but the targets' is, the message says how many values the targets call
   * for; the targets themselves are checked against this batch afterwards ({@link #targets}).
   */
  public static int inputBatch(String network, String layer, int length, int width, String targetsName,
      int targetsLength, int targetsPerExample) {
    if (length % width != 0 && targetsLength > 0 && targetsLength % targetsPerExample == 0) {
      int batch = targetsLength / targetsPerExample;
      throw new IllegalArgumentException(network + ": layer '" + layer + "' expects " + width
          + " values per example, " + batch + " × " + width + " = " + batch * width + " for the " + batch
          + " examples of the " + targetsName + ", got " + length);
    }
    return batchOf(network, layer, length, width);
  }

  /** Checks that {@code actual} equals {@code batch * width}. */
  public static void length(String network, String layer, int batch, int width, int actual) {
    if (actual != batch * width) {
      throw new IllegalArgumentException(network + ": layer '" + layer + "' expects " + width
          + " values per example, " + batch + " × " + width + " = " + batch * width
          + " for a batch of " + batch + ", got " + actual);
    }
  }

  /** Names the argument that is null instead of letting a bare {@code NullPointerException} through. */
  public static void notNull(String network, String method, String argument, Object value) {
    if (value == null) {
      throw new NullPointerException(network + ": " + method + " needs '" + argument + "', got null");
    }
  }

  /**
   * Checks that {@code argument} (labels or targets) holds {@code perExample} values for each of
   * the {@code batch} examples the inputs hold, so that a short label array is reported as such
   * and not as inputs of the wrong length.
   */
  public static void targets(String network, String layer, String argument, int batch, int perExample, int actual) {
    if (actual != batch * perExample) {
      throw new IllegalArgumentException(network + ": " + argument + " for output layer '" + layer + "' must hold "
          + perExample + " per example, " + batch * perExample + " for the " + batch
          + " examples of the inputs, got " + actual);
    }
  }

  /**
   * Checks a noise level returned by a schedule: c scales the noise, so it must be a finite
   * non-negative number (and representable in the network's precision). Returns it.
   */
  public static double noiseLevel(String network, String layer, long step, double level, boolean isFloat) {
    if (!(level >= 0) || Double.isInfinite(level) || (isFloat && Float.isInfinite((float) level))) {
      throw new IllegalStateException(network + ": the noise schedule of layer '" + layer + "' returned " + level
          + " at step " + step + "; a noise level c must be finite and >= 0"
          + (isFloat && Double.isFinite(level) && level >= 0 ? " and fit a float (<= " + Float.MAX_VALUE + ")" : ""));
    }
    return level;
  }

  /** Checks that every input is finite. */
  public static void finite(String network, String layer, float[] values, int width) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException(network + ": layer '" + layer + "' expects finite values, got "
            + values[i] + " at example " + i / width + ", feature " + i % width
            + (Float.isInfinite(values[i]) ? " (a FLOAT network's inputs are floats: a value beyond ±"
                + Float.MAX_VALUE + " converted to float overflows to infinity)" : ""));
      }
    }
  }

  /** Checks that every input is finite. */
  public static void finite(String network, String layer, double[] values, int width) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw notFinite(network, layer, i, width, values[i]);
      }
    }
  }

  /** Checks that every label is a class index in {@code [0, classes)}. */
  public static void labels(String network, String layer, int[] labels, int classes) {
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(network + ": label " + i + " for output layer '" + layer
            + "' must be a class index in [0, " + classes + "), got " + labels[i]);
      }
    }
  }

  /** Checks that every token id is in {@code [0, vocabulary)}. */
  public static void tokens(String network, String layer, int[] tokens, int vocabulary) {
    for (int i = 0; i < tokens.length; i++) {
      if (tokens[i] < 0 || tokens[i] >= vocabulary) {
        throw new IllegalArgumentException(network + ": embedding '" + layer + "' has a vocabulary of "
            + vocabulary + " tokens, ids [0, " + vocabulary + "), but position " + i + " holds " + tokens[i]);
      }
    }
  }

  /** Checks one length per example, each in {@code [1, maxSteps]}. */
  public static void lengths(String network, String layer, int[] lengths, int batch, int maxSteps) {
    if (lengths.length != batch) {
      throw new IllegalArgumentException(network + ": sequence input '" + layer + "' expects one length per"
          + " example, " + batch + " for this batch, got " + lengths.length);
    }
    for (int i = 0; i < lengths.length; i++) {
      if (lengths[i] < 1 || lengths[i] > maxSteps) {
        throw new IllegalArgumentException(network + ": sequence input '" + layer + "' takes lengths from 1 to "
            + maxSteps + " steps, but example " + i + " has length " + lengths[i]);
      }
    }
  }

  private static IllegalArgumentException notFinite(String network, String layer, int index,
      int width, double value) {
    return new IllegalArgumentException(network + ": layer '" + layer + "' expects finite values,"
        + " got " + value + " at example " + index / width + ", feature " + index % width);
  }
}
