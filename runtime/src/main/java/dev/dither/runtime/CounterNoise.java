package dev.dither.runtime;

/**
 * Counter-based Gaussian noise: ξ(site, example, unit) is a pure function of
 * (seed, site, example, unit), with no hidden state.
 *
 * <h2>Why counter-based</h2>
 *
 * A sequential generator hands out samples in call order, so the noise an example receives
 * would depend on the batch size, on how a batch was split, and on which layers ran first.
 * Addressing every sample by its coordinates makes training reproducible across batch sizes
 * and evaluation orders, lets any sample be regenerated on its own (for a gradient check or a
 * debugger), and lets several threads fill disjoint parts of a batch without coordination. An
 * instance is immutable and therefore thread-safe.
 *
 * <h2>Uniform words: keyed SplitMix64 streams</h2>
 *
 * The 64-bit words come from {@link DitherRandom#mix(long)}, the SplitMix64 finaliser (Steele,
 * Lea &amp; Flood 2014), applied along a three-level tree:
 *
 * <pre>
 *   seedKey          = mix(seed ^ SEED_SALT)
 *   per site:     s  = seedKey + site · GOLDEN_GAMMA;   siteKey = mix(s), siteGamma = γ(s)
 *   per example:  e  = siteKey + example · siteGamma;   rowKey  = mix(e), rowGamma  = γ(e)
 *   word j of a unit = mix(rowKey + (unit + j · 2^32) · rowGamma)     (unit as unsigned)
 * </pre>
 *
 * where γ(s) = mix(s ^ GAMMA_SALT) forced odd, with SplitMix's fix for gammas with few bit
 * transitions. Each level is a SplitMix64 stream with its own random key <em>and its own
 * gamma</em>. A shared gamma would save a {@code mix} per example but invites a rare, silent
 * failure: two streams with the same increment that ever collide stay in lock-step from then
 * on, so two layers would receive identical noise shifted by a fixed number of examples (or
 * two examples identical noise shifted by some units). With distinct odd gammas a
 * chance collision of two inputs is an isolated event, as for truly random words. The per-site
 * and per-example work (two {@code mix} calls each) is done once per {@code fill} call and once
 * per example; the per-unit cost is one {@code mix}.
 *
 * <h2>Normal deviates: Ziggurat</h2>
 *
 * Words become standard normals by the Ziggurat method of Marsaglia &amp; Tsang ("The Ziggurat
 * Method for Generating Random Variables", J. Stat. Softw. 5(8), 2000) with 256 layers of
 * equal area. One word supplies the layer (bits 0–7), the sign (bit 8) and a 53-bit uniform
 * (bits 11–63); about 98.5% of samples are accepted by a single multiply and compare, which
 * is what makes per-unit, per-step noise affordable. The remaining ~1.5% fall in a wedge (one
 * more word and an {@code exp}) or, from the base layer, in the tail beyond r ≈ 3.654
 * (Marsaglia's exponential rejection, {@code log} of two more words per try). Rejected
 * attempts take the next word j of the same unit, so the result is still a function of the
 * coordinates alone.
 *
 * <h2>Bit-reproducibility</h2>
 *
 * Since Java 17 all {@code double} arithmetic is strict IEEE 754, so the only places where
 * two JVMs could disagree are transcendental functions, whose {@code Math} versions may be
 * replaced by faster, differently rounded intrinsics. Every transcendental here, including
 * those that build the tables in the static initialiser, goes through {@link StrictMath}
 * (fdlibm semantics), so the same seed yields the same bits on every conforming JVM.
 */
public final class CounterNoise implements NoiseSource {

  private static final int LAYER_BITS = 8;

  /** Number of Ziggurat layers (strips of equal area), including the base strip with the tail. */
  static final int LAYERS = 1 << LAYER_BITS;

  private static final int LAYER_MASK = LAYERS - 1;

  /** The word bit that carries the sign; it sits just above the layer index. */
  private static final long SIGN_BIT = 1L << LAYER_BITS;

  private static final double DOUBLE_UNIT = 0x1.0p-53;

  /** Separates the seed hash from any other use of mix(seed) (e.g. DitherRandom's stream). */
  private static final long SEED_SALT = 0x6A09E667F3BCC909L;

  /** Makes each level's gamma an independent-looking function of the same stream state. */
  private static final long GAMMA_SALT = 0xBB67AE8584CAA73BL;

  /**
   * Right edges of the layers, decreasing: {@code X[0] = V / f(R)} (the width of a rectangle
   * with the base strip's area, tail included), {@code X[1] = R}, ..., {@code X[LAYERS] = 0}.
   * Layer i is the strip of width {@code X[i]} between heights {@code f(X[i])} and
   * {@code f(X[i + 1])}.
   */
  private static final double[] X = new double[LAYERS + 1];

  /** {@code X[i] · 2^-53}, so that a 53-bit integer maps to [0, X[i]) with one multiply. */
  private static final double[] X_SCALED = new double[LAYERS + 1];

  /** {@code F[i] = f(X[i])} with f(x) = exp(-x²/2); {@code F[LAYERS] = 1}. */
  private static final double[] F = new double[LAYERS + 1];

  /** Where the tail starts: the right edge of the base rectangle. About 3.6541528853610088. */
  static final double R;

  /** The common area of every layer under the unnormalised density exp(-x²/2). */
  static final double V;

  static {
    // Marsaglia & Tsang publish R and V to about 12 digits. Solving for R here instead makes
    // the strips close exactly at the top of the curve (the last strip ends at height 1 with
    // area V) to double precision, and keeps the tables derivable rather than magic.
    double lo = 3.0;
    double hi = 4.0;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (closureError(mid) > 0) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    R = hi;
    V = R * density(R) + upperTailArea(R);
    X[0] = V / density(R);
    X[1] = R;
    for (int i = 1; i < LAYERS - 1; i++) {
      X[i + 1] = StrictMath.sqrt(-2.0 * StrictMath.log(density(X[i]) + V / X[i]));
    }
    X[LAYERS] = 0.0;
    for (int i = 0; i <= LAYERS; i++) {
      F[i] = density(X[i]);
      X_SCALED[i] = X[i] * DOUBLE_UNIT;
    }
  }

  private final long seed;

  private final long seedKey;

  /** A noise source whose every sample is determined by {@code seed} and its coordinates. */
  public CounterNoise(long seed) {
    this.seed = seed;
    this.seedKey = DitherRandom.mix(seed ^ SEED_SALT);
  }

  /** The seed this source was built with. */
  public long seed() {
    return seed;
  }

  /**
   * The sample ξ(site, example, unit): the value {@code fill} writes for these coordinates,
   * computed on its own. Defined for every int and long, negative ones included.
   */
  public double gaussian(int site, long example, int unit) {
    long siteState = seedKey + site * DitherRandom.GOLDEN_GAMMA;
    long siteKey = DitherRandom.mix(siteState);
    long siteGamma = gammaOf(siteState);
    long rowState = siteKey + example * siteGamma;
    return sample(DitherRandom.mix(rowState), gammaOf(rowState), unit);
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, double[] out) {
    checkShape(examples, units, out.length);
    long siteState = seedKey + site * DitherRandom.GOLDEN_GAMMA;
    long siteKey = DitherRandom.mix(siteState);
    long siteGamma = gammaOf(siteState);
    for (int b = 0; b < examples; b++) {
      long rowState = siteKey + (firstExample + b) * siteGamma;
      long rowKey = DitherRandom.mix(rowState);
      long rowGamma = gammaOf(rowState);
      int offset = b * units;
      for (int k = 0; k < units; k++) {
        out[offset + k] = sample(rowKey, rowGamma, k);
      }
    }
  }

  @Override
  public void fill(int site, long firstExample, int examples, int units, float[] out) {
    checkShape(examples, units, out.length);
    long siteState = seedKey + site * DitherRandom.GOLDEN_GAMMA;
    long siteKey = DitherRandom.mix(siteState);
    long siteGamma = gammaOf(siteState);
    for (int b = 0; b < examples; b++) {
      long rowState = siteKey + (firstExample + b) * siteGamma;
      long rowKey = DitherRandom.mix(rowState);
      long rowGamma = gammaOf(rowState);
      int offset = b * units;
      for (int k = 0; k < units; k++) {
        out[offset + k] = (float) sample(rowKey, rowGamma, k);
      }
    }
  }

  @Override
  public String toString() {
    return "CounterNoise[seed=" + seed + "]";
  }

  private static void checkShape(int examples, int units, int length) {
    if (examples < 0 || units < 0 || (long) examples * units > length) {
      throw new IllegalArgumentException("cannot fill " + examples + " examples × " + units
          + " units = " + (long) examples * units + " samples into an array of length "
          + length);
    }
  }

  /**
   * The gamma (stream increment) of the child stream at {@code state}. It must be odd so that
   * distinct indices give distinct inputs to {@code mix}; gammas whose bits rarely change
   * between neighbours (fewer than 24 transitions, about 2% of random values) make the
   * sequence {@code key + i·gamma} too regular for the finaliser, so, as in SplitMix, they are
   * flipped to alternate bits.
   */
  private static long gammaOf(long state) {
    long gamma = DitherRandom.mix(state ^ GAMMA_SALT) | 1L;
    if (Long.bitCount(gamma ^ (gamma >>> 1)) < 24) {
      gamma ^= 0xAAAAAAAAAAAAAAAAL;
    }
    return gamma;
  }

  /** Word j of the unit at {@code index} in the row (key, gamma). Word 0 is the first attempt. */
  private static long word(long key, long gamma, long index, long j) {
    return DitherRandom.mix(key + (index | j << 32) * gamma);
  }

  /**
   * The Ziggurat fast path, kept small so that the JIT inlines it into the fill loops: choose a
   * layer, draw x uniformly across its width, and accept if x lies under the next layer up,
   * where the whole strip is under the curve.
   */
  private static double sample(long key, long gamma, int unit) {
    long w = DitherRandom.mix(key + (unit & 0xFFFFFFFFL) * gamma);
    int layer = (int) w & LAYER_MASK;
    double x = (w >>> 11) * X_SCALED[layer];
    if (x < X[layer + 1]) {
      return withSign(x, w);
    }
    return sampleSlow(key, gamma, unit & 0xFFFFFFFFL, w);
  }

  /** The rare cases: wedges, the tail, and retries, each drawing further words of the unit. */
  private static double sampleSlow(long key, long gamma, long index, long w) {
    long j = 0;
    while (true) {
      int layer = (int) w & LAYER_MASK;
      double x = (w >>> 11) * X_SCALED[layer];
      if (x < X[layer + 1]) {
        return withSign(x, w);
      }
      if (layer == 0) {
        // Beyond R, from the base strip. Marsaglia's method: propose R + t with t exponential
        // of rate R, accept with probability exp(-t²/2), i.e. when 2y > t² for y ~ Exp(1).
        double t;
        double y;
        do {
          t = -StrictMath.log(openUnit(word(key, gamma, index, ++j))) / R;
          y = -StrictMath.log(openUnit(word(key, gamma, index, ++j)));
        } while (y + y < t * t);
        return withSign(R + t, w);
      }
      // The wedge between X[layer + 1] and X[layer]: a uniform height in the strip decides
      // whether (x, height) is under the curve.
      double u = (word(key, gamma, index, ++j) >>> 11) * DOUBLE_UNIT;
      double height = F[layer] + u * (F[layer + 1] - F[layer]);
      if (height < StrictMath.exp(-0.5 * x * x)) {
        return withSign(x, w);
      }
      w = word(key, gamma, index, ++j);
    }
  }

  /** A uniform in (0, 1], so that its logarithm is finite. */
  private static double openUnit(long w) {
    return ((w >>> 11) + 1) * DOUBLE_UNIT;
  }

  /**
   * Negates x when the sign bit of w is set. Done on the bit pattern because a data-dependent
   * branch on a fair coin would be mispredicted half the time, in the hottest loop.
   */
  private static double withSign(double x, long w) {
    return Double.longBitsToDouble(
        Double.doubleToRawLongBits(x) ^ ((w & SIGN_BIT) << (63 - LAYER_BITS)));
  }

  /** The unnormalised normal density exp(-x²/2) the Ziggurat is built on. */
  private static double density(double x) {
    return StrictMath.exp(-0.5 * x * x);
  }

  /**
   * The area under exp(-x²/2) beyond r, as exp(-r²/2) times Mills' ratio. The ratio's
   * continued fraction 1/(r + 1/(r + 2/(r + 3/(r + ...)))) converges quickly for r &gt; 3;
   * 200 terms, evaluated from the bottom up, are far more than double precision needs.
   */
  private static double upperTailArea(double r) {
    double t = 0.0;
    for (int n = 200; n >= 1; n--) {
      t = n / (r + t);
    }
    return density(r) / (r + t);
  }

  /**
   * For a trial tail start r: build the layers of equal area upward from r and report how far
   * the last one misses the top of the curve. Positive means the area per layer is too large
   * (r too small): the strips reach height 1 early or overshoot it.
   */
  private static double closureError(double r) {
    double v = r * density(r) + upperTailArea(r);
    double x = r;
    for (int i = 1; i < LAYERS - 1; i++) {
      double next = density(x) + v / x;
      if (next >= 1.0) {
        return 1.0;
      }
      x = StrictMath.sqrt(-2.0 * StrictMath.log(next));
    }
    return density(x) + v / x - 1.0;
  }
}
