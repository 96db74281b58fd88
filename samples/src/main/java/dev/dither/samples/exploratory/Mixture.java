package dev.dither.samples.exploratory;

import dev.dither.runtime.DitherRandom;

/**
 * Points from a mixture of three Gaussians in the plane with different means and standard
 * deviations, labelled by the component that drew them (sec. 6.1 of the paper, whose dimensions
 * and sizes are not given; these are ours). The components overlap, so the best possible
 * accuracy is below 100%.
 */
record Mixture(float[] inputs, int[] labels) {
  static final int DIMENSIONS = 2;
  static final int CLASSES = 3;
  static final double[][] MEANS = {{-1.5, 0}, {1.5, 0}, {0, 2}};
  static final double[] STDS = {0.6, 1.0, 0.4};

  static Mixture draw(long seed, int count) {
    DitherRandom random = new DitherRandom(DitherRandom.mix(seed));
    float[] inputs = new float[count * DIMENSIONS];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      int k = random.nextInt(CLASSES);
      labels[i] = k;
      for (int d = 0; d < DIMENSIONS; d++) {
        inputs[i * DIMENSIONS + d] = (float) (MEANS[k][d] + STDS[k] * random.nextGaussian());
      }
    }
    return new Mixture(inputs, labels);
  }
}
