package dev.dither.runtime;

/**
 * A small, fast, seedable sequential generator: SplitMix64 (Steele, Lea &amp; Flood, "Fast
 * splittable pseudorandom number generators", OOPSLA 2014), the same algorithm as
 * {@link java.util.SplittableRandom} with its default gamma, so {@code new DitherRandom(s)}
 * and {@code new SplittableRandom(s)} produce the same {@link #nextLong()} sequence.
 *
 * <p>Why not a JDK generator? Training runs are meant to be reproducible bit for bit across
 * JVMs and JDK versions. {@code java.util.Random} is fully specified but is a 48-bit LCG with
 * weak low bits; {@code SplittableRandom}'s integer stream is good, but its
 * {@code nextGaussian} is the inherited {@code RandomGenerator} default, whose algorithm is an
 * implementation detail that a JDK update may change. This class pins every step down: the
 * integer stream is SplitMix64, doubles take the top 53 bits, and {@link #nextGaussian()} is
 * Marsaglia's polar method (Marsaglia &amp; Bray 1964) evaluated with {@link StrictMath}, so
 * the same seed gives the same doubles everywhere.
 *
 * <p>SplitMix64 is a Weyl sequence ({@code state += gamma}) fed through a 64-bit finaliser.
 * The finaliser, {@link #mix(long)}, is a bijection with good avalanche, which is why
 * {@link CounterNoise} reuses it as a hash: counter-based noise needs exactly "a strong
 * function of a 64-bit counter".
 *
 * <p>The seed is the initial Weyl state, as in the paper. Seeds that differ by a small
 * multiple of the gamma (0x9E3779B97F4A7C15) give shifted copies of one stream; ordinary
 * seeds (0, 1, 42, time stamps) are nowhere near that. Period 2<sup>64</sup>. Not
 * cryptographically secure; not thread-safe (give each thread its own instance).
 */
public final class DitherRandom {

  /**
   * The Weyl increment: 2<sup>64</sup>/φ rounded to odd. Odd makes the state walk through all
   * 2<sup>64</sup> values before repeating; the golden ratio spreads consecutive states far
   * apart in every bit position, which the finaliser needs to look random on a counter.
   */
  static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private static final double DOUBLE_UNIT = 0x1.0p-53;

  private long state;

  /** Marsaglia's polar method yields normals in pairs; the second waits here. */
  private double spareGaussian;

  private boolean hasSpareGaussian;

  /** A generator whose stream is determined entirely by {@code seed}. */
  public DitherRandom(long seed) {
    this.state = seed;
  }

  /**
   * The SplitMix64 finaliser (Stafford's "variant 13" of MurmurHash3's fmix64): a bijection
   * on 64-bit values in which every input bit affects every output bit with probability close
   * to one half. Exposed because counter-based generators ({@link CounterNoise}) need a hash of
   * structured keys (site, example, unit) that is as good as a random word, and sharing one
   * well-studied function is safer than inventing another.
   */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The next 64 uniformly distributed bits. */
  public long nextLong() {
    state += GOLDEN_GAMMA;
    return mix(state);
  }

  /**
   * A uniform double in [0, 1) on the grid k·2<sup>-53</sup>: the top 53 bits, because that is
   * every value a double can hold with uniform spacing, and the top bits of the finaliser are
   * its best-mixed.
   */
  public double nextDouble() {
    return (nextLong() >>> 11) * DOUBLE_UNIT;
  }

  /**
   * A uniform double in [lo, hi). Rounding in {@code lo + (hi - lo) * u} can land exactly on
   * {@code hi} when the interval is wide relative to its ulp; such draws are moved to the
   * largest double below {@code hi} so the half-open contract holds.
   *
   * @throws IllegalArgumentException unless {@code lo < hi} and {@code hi - lo} is finite
   */
  public double nextUniform(double lo, double hi) {
    if (!(lo < hi) || !Double.isFinite(hi - lo)) {
      throw new IllegalArgumentException(
          "nextUniform needs finite lo < hi with a finite width, got [" + lo + ", " + hi + ")");
    }
    double x = lo + (hi - lo) * nextDouble();
    return x < hi ? x : StrictMath.nextDown(hi);
  }

  /**
   * A standard normal sample by Marsaglia's polar method: draw a point uniformly in the unit
   * disc by rejection from the square (acceptance π/4), then scale both coordinates by
   * sqrt(-2 ln s / s). Chosen over Box–Muller because it needs no sin/cos, and over a
   * Ziggurat because this generator serves one-off draws (weight initialisation, shuffles)
   * where a table-free method is simpler and fast enough; the per-step noise path uses
   * {@link CounterNoise}'s Ziggurat instead. Results are reproducible on every JVM because
   * the only transcendental calls go through {@link StrictMath}.
   */
  public double nextGaussian() {
    if (hasSpareGaussian) {
      hasSpareGaussian = false;
      return spareGaussian;
    }
    double u;
    double v;
    double s;
    do {
      u = 2.0 * nextDouble() - 1.0;
      v = 2.0 * nextDouble() - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double scale = StrictMath.sqrt(-2.0 * StrictMath.log(s) / s);
    spareGaussian = v * scale;
    hasSpareGaussian = true;
    return u * scale;
  }

  /**
   * A uniform int in [0, bound), exactly unbiased. Uses Lemire's multiply-and-reject
   * ("Fast random integer generation in an interval", 2019): the high half of a 32×32-bit
   * product is the candidate, and the rare low halves that would over-represent some values
   * are redrawn. Unlike {@code nextLong() % bound} every value has the same probability; unlike
   * the textbook rejection loop it needs no division on almost every call.
   *
   * @throws IllegalArgumentException if {@code bound <= 0}
   */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("nextInt bound must be positive, got " + bound);
    }
    long product = (nextLong() >>> 32) * bound;
    long low = product & 0xFFFFFFFFL;
    if (low < bound) {
      // 2^32 mod bound: the number of low halves that would make some values more likely.
      long threshold = (0x1_0000_0000L - bound) % bound;
      while (low < threshold) {
        product = (nextLong() >>> 32) * bound;
        low = product & 0xFFFFFFFFL;
      }
    }
    return (int) (product >>> 32);
  }
}
