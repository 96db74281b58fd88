package dev.dither.runtime;

/**
 * Supplies the standard-normal samples ξ that generated networks inject into noisy
 * activations. A sample is addressed by (site, example, unit): the site is a noisy layer
 * (its index among the network's noisy layers, in declaration order), the example is the
 * running index of the training example since construction, and the unit is the position
 * within the layer. Because samples are addressed rather than drawn from a stream, the
 * noise an example sees does not depend on how examples are split into mini-batches.
 *
 * <p>Generated code calls {@code fill} once per noisy layer per step, never per unit.
 */
public interface NoiseSource {

  /**
   * Writes ξ(site, firstExample + b, k) to {@code out[b * units + k]} for
   * {@code b < examples}, {@code k < units}.
   */
  void fill(int site, long firstExample, int examples, int units, double[] out);

  /** The same samples as {@link #fill(int, long, int, int, double[])}, rounded to float. */
  void fill(int site, long firstExample, int examples, int units, float[] out);
}
