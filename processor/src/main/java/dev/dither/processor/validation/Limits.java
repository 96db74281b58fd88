package dev.dither.processor.validation;

/**
 * The bounds of what the processor accepts. Each keeps a valid description trainable in FLOAT
 * precision: values past them overflow a float in the first step (or in a folded constant of the
 * generated code), which would make every loss NaN or the generated source uncompilable.
 */
final class Limits {
  private Limits() {}

  /** α of eq. 12. The paper uses values near 1; α times a saturated pre-activation must stay finite. */
  static final double MAX_ALPHA = 100;

  /** The noise scale c; the noise c·ξ is added to pre-activations. */
  static final double MAX_NOISE_LEVEL = 100;

  /** The initialisation gain; it multiplies every weight. */
  static final double MAX_GAIN = 100;

  /** |biasShift|; 10 already saturates every hard unit, and squared in a loss 1e4 is far from overflow. */
  static final double MAX_BIAS_SHIFT = 1e4;

  /**
   * Layers per network. Each layer adds fields initialised in the constructor and calls in the
   * passes; past this, the generated class nears the JVM's 64 KB method limit
   * (LayerLimitTest compiles a network of this many of the largest layers).
   */
  static final int MAX_LAYERS = 100;

  /** Characters of the generated class name: it becomes a file name, limited to 255 bytes with its suffix. */
  static final int MAX_CLASS_NAME = 200;

  /** Elements of a Java array: HotSpot refuses a few below Integer.MAX_VALUE. */
  static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
}
