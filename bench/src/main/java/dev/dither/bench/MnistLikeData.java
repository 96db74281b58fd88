package dev.dither.bench;

import dev.dither.runtime.DitherRandom;

/**
 * A fixed pool of random MNIST-like examples, identical for every benchmark and both
 * implementations: 784 inputs of which about 80% are exactly 0 and the rest U(0, 1), and a
 * uniformly drawn label in [0, 10). The pool is cut into batches of the requested size, each
 * its own array (the networks infer the batch size from the array length), and the benchmarks
 * cycle through them.
 */
public final class MnistLikeData {
  public static final int INPUTS = 784;
  public static final int CLASSES = 10;
  /** Examples in the pool: 256 × 784 floats = 784 KiB, so inputs come from L2/L3 as in training. */
  public static final int POOL = 256;
  public static final double ZERO_FRACTION = 0.8;

  private final float[][] inputs;
  private final int[][] labels;
  private int next;

  /** The pool drawn from {@code seed}, cut into batches of {@code batch} examples. */
  public MnistLikeData(long seed, int batch) {
    if (POOL % batch != 0) {
      throw new IllegalArgumentException("batch must divide " + POOL);
    }
    DitherRandom random = new DitherRandom(seed);
    float[] all = new float[POOL * INPUTS];
    int[] allLabels = new int[POOL];
    for (int i = 0; i < all.length; i++) {
      all[i] = random.nextDouble() < ZERO_FRACTION ? 0f : (float) random.nextDouble();
    }
    for (int n = 0; n < POOL; n++) {
      allLabels[n] = (int) (random.nextDouble() * CLASSES);
    }
    int batches = POOL / batch;
    inputs = new float[batches][];
    labels = new int[batches][];
    for (int b = 0; b < batches; b++) {
      inputs[b] = new float[batch * INPUTS];
      labels[b] = new int[batch];
      System.arraycopy(all, b * batch * INPUTS, inputs[b], 0, batch * INPUTS);
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
