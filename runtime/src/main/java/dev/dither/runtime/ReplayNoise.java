package dev.dither.runtime;

import java.util.Arrays;

/**
 * Noise that replays recorded samples, per site, instead of generating them.
 *
 * <p>Why: to test generated training code against a reference implementation (for example
 * golden data produced by a PyTorch script), both sides must see exactly the same ξ. The
 * reference records the noise it drew, and this source feeds those numbers back, so any
 * difference in the outputs is a bug in the network code rather than in the random numbers.
 *
 * <p>Each site's recording is laid out [example][unit], as {@code fill} writes it, so
 * {@code fill(site, firstExample, examples, units, out)} copies
 * {@code samples[(firstExample + b) * units + k]} to {@code out[b * units + k]}. Anything
 * the recording cannot answer (an unknown site, a different layer width, examples past the
 * end) is an {@link IllegalArgumentException} naming what was asked and what was recorded:
 * silently wrapping around or padding would make a mismatched test pass for the wrong reason.
 *
 * <p>Instances are immutable (recordings are copied when added) and thread-safe.
 */
public final class ReplayNoise implements NoiseSource {

  /** Indexed by site; null where nothing was recorded. Sites are small layer indices. */
  private final Recording[] recordings;

  private ReplayNoise(Recording[] recordings) {
    this.recordings = recordings;
  }

  /** Starts an empty set of recordings. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, double[] out) {
    Recording r = recordingFor(site, firstExample, examples, units, out.length);
    System.arraycopy(r.samples, (int) firstExample * units, out, 0, examples * units);
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, float[] out) {
    Recording r = recordingFor(site, firstExample, examples, units, out.length);
    int from = (int) firstExample * units;
    int count = examples * units;
    for (int i = 0; i < count; i++) {
      out[i] = (float) r.samples[from + i];
    }
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("ReplayNoise[");
    String separator = "";
    for (int site = 0; site < recordings.length; site++) {
      Recording r = recordings[site];
      if (r != null) {
        s.append(separator).append("site ").append(site).append(": ").append(r.examples)
            .append(" examples × ").append(r.units).append(" units");
        separator = ", ";
      }
    }
    return s.append(']').toString();
  }

  private Recording recordingFor(int site, long firstExample, int examples, int units,
      int outLength) {
    Recording r = site >= 0 && site < recordings.length ? recordings[site] : null;
    if (r == null) {
      throw new IllegalArgumentException("no noise recorded for site " + site + "; recorded: "
          + this);
    }
    if (units != r.units) {
      throw new IllegalArgumentException("site " + site + " was recorded with " + r.units
          + " units per example, but " + units + " were requested");
    }
    if (examples < 0 || firstExample < 0 || firstExample + examples > r.examples) {
      throw new IllegalArgumentException("site " + site + " has " + r.examples
          + " recorded examples [0, " + r.examples + "), but examples [" + firstExample + ", "
          + (firstExample + examples) + ") were requested");
    }
    if ((long) examples * units > outLength) {
      throw new IllegalArgumentException("cannot fill " + examples + " examples × " + units
          + " units = " + (long) examples * units + " samples into an array of length "
          + outLength);
    }
    return r;
  }

  private static final class Recording {
    final double[] samples;
    final int units;
    final int examples;

    Recording(double[] samples, int units) {
      this.samples = samples;
      this.units = units;
      this.examples = samples.length / units;
    }
  }

  /** Collects one recording per site. */
  public static final class Builder {
    private Recording[] recordings = new Recording[0];

    private Builder() {}

    /**
     * Records {@code samples}, laid out [example][unit] with {@code units} per example, for
     * {@code site}. The array is copied, so later changes to it do not affect the replay.
     *
     * @throws IllegalArgumentException if the site is negative or already recorded,
     *     {@code units} is not positive, or the length is not a whole number of examples
     */
    public Builder site(int site, double[] samples, int units) {
      if (site < 0) {
        throw new IllegalArgumentException("site must be non-negative, got " + site);
      }
      if (units <= 0) {
        throw new IllegalArgumentException("site " + site + ": units must be positive, got "
            + units);
      }
      if (samples.length % units != 0) {
        throw new IllegalArgumentException("site " + site + ": " + samples.length
            + " samples is not a whole number of examples of " + units + " units");
      }
      if (site < recordings.length && recordings[site] != null) {
        throw new IllegalArgumentException("site " + site + " is already recorded");
      }
      if (site >= recordings.length) {
        recordings = Arrays.copyOf(recordings, site + 1);
      }
      recordings[site] = new Recording(samples.clone(), units);
      return this;
    }

    /** The replaying source. The builder may be reused; the source does not see later sites. */
    public ReplayNoise build() {
      return new ReplayNoise(recordings.clone());
    }
  }
}
