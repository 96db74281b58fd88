package dev.dither.runtime;

import java.util.Arrays;

/**
 * Noise that is the same fixed value for every site, example and unit.
 *
 * <p>Why: a finite-difference gradient check evaluates the loss at θ + h and θ − h and
 * compares the slope with the analytic gradient. If the noise changed between those
 * evaluations the difference would measure the noise, not the gradient; freezing ξ turns the
 * noisy network into an ordinary deterministic function of θ. {@link #zero()} removes the
 * noise entirely (the noise-free network); a non-zero value exercises the noise term's own
 * gradient path while keeping it deterministic.
 */
public final class ConstantNoise implements NoiseSource {

  private static final ConstantNoise ZERO = new ConstantNoise(0.0);

  private final double value;

  private final float floatValue;

  /**
   * Noise that is {@code value} everywhere.
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite, which would only
   *     poison the activations it is added to
   */
  public ConstantNoise(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("constant noise must be finite, got " + value);
    }
    this.value = value;
    this.floatValue = (float) value;
  }

  /** Noise that is 0 everywhere: the noisy layers behave like their noise-free versions. */
  public static ConstantNoise zero() {
    return ZERO;
  }

  /** The value of every sample. */
  public double value() {
    return value;
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, double[] out) {
    Arrays.fill(out, 0, count(examples, units, out.length), value);
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, float[] out) {
    Arrays.fill(out, 0, count(examples, units, out.length), floatValue);
  }

  @Override
  public String toString() {
    return "ConstantNoise[" + value + "]";
  }

  private static int count(int examples, int units, int length) {
    if (examples < 0 || units < 0 || (long) examples * units > length) {
      throw new IllegalArgumentException("cannot fill " + examples + " examples × " + units
          + " units = " + (long) examples * units + " samples into an array of length "
          + length);
    }
    return examples * units;
  }
}
