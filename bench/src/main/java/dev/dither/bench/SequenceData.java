package dev.dither.bench;

import dev.dither.runtime.DitherRandom;

/**
 * A fixed pool of random sequences for the LSTM benchmark, identical for every benchmark and both
 * implementations: {@link #STEPS} steps of {@link #INPUTS} values U(−1, 1) per example
 * (example-major, {@code [example][step][input]}), and a uniformly drawn label in [0, 10). The
 * pool is cut into batches of the requested size, each its own array, and the benchmarks cycle
 * through them.
 */
public final class SequenceData {
  public static final int INPUTS = 32;
  public static final int STEPS = 50;
  public static final int CLASSES = 10;
  /** Examples in the pool: 256 × 50 × 32 floats = 1.6 MB, so inputs come from L2/L3 as in training. */
  public static final int POOL = 256;

  private final float[][] inputs;
  private final int[][] labels;
  private int next;

  /** The pool drawn from {@code seed}, cut into batches of {@code batch} examples. */
  public SequenceData(long seed, int batch) {
    if (batch <= 0 || POOL % batch != 0) {
      throw new IllegalArgumentException("batch must divide " + POOL);
    }
    DitherRandom random = new DitherRandom(seed);
    int perExample = STEPS * INPUTS;
    float[] all = new float[POOL * perExample];
    int[] allLabels = new int[POOL];
    for (int i = 0; i < all.length; i++) {
      all[i] = (float) (2 * random.nextDouble() - 1);
    }
    for (int n = 0; n < POOL; n++) {
      allLabels[n] = (int) (random.nextDouble() * CLASSES);
    }
    int batches = POOL / batch;
    inputs = new float[batches][];
    labels = new int[batches][];
    for (int b = 0; b < batches; b++) {
      inputs[b] = new float[batch * perExample];
      labels[b] = new int[batch];
      System.arraycopy(all, b * batch * perExample, inputs[b], 0, batch * perExample);
      System.arraycopy(allLabels, b * batch, labels[b], 0, batch);
    }
  }

  /** Number of batches in the pool. */
  public int batches() {
    return inputs.length;
  }

  /** Moves to the next batch (cyclically) and returns its index. */
  public int advance() {
    int b = next;
    next = b + 1 == inputs.length ? 0 : b + 1;
    return b;
  }

  public float[] inputs(int batch) {
    return inputs[batch];
  }

  public int[] labels(int batch) {
    return labels[batch];
  }
}
