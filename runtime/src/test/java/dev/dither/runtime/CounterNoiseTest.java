package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CounterNoiseTest {

  private static final int SAMPLES = 1 << 20;

  @Test
  void pinnedValues() {
    // Computed once from this implementation. A change here changes every training run that
    // uses CounterNoise, so it must be deliberate.
    CounterNoise noise = new CounterNoise(42);
    assertEquals(0.9126535675691562, noise.gaussian(0, 0, 0));
    assertEquals(0.1891436217921611, noise.gaussian(0, 0, 1));
    assertEquals(1.3095970752958628, noise.gaussian(1, 0, 0));
    assertEquals(-0.4157747750369213, noise.gaussian(0, 1, 0));
    assertEquals(-1.2955724230137549, noise.gaussian(3, 123456789L, 77));
  }

  @Test
  void pinnedChecksumCoversRarePaths() {
    // 2^16 samples include about a thousand that leave the fast path (wedges, tail, retries);
    // a checksum of their bits pins those paths too, which the five values above cannot.
    CounterNoise noise = new CounterNoise(7);
    double[] out = new double[256 * 256];
    noise.fill(2, 1000, 256, 256, out);
    long checksum = 0;
    for (double x : out) {
      checksum = checksum * 31 + Double.doubleToRawLongBits(x);
    }
    assertEquals(PINNED_CHECKSUM, checksum);
  }

  private static final long PINNED_CHECKSUM = 8118014996805438133L;

  @Test
  void zigguratTablesMatchMarsagliaAndTsang() {
    // The tables are solved for in the static initialiser; the paper's constants for 256
    // layers (R = 3.6541528853610088, V = 4.92867323399e-3) confirm the solution.
    assertEquals(3.6541528853610088, CounterNoise.R, 1e-12);
    assertEquals(4.92867323399e-3, CounterNoise.V, 1e-13);
  }

  @Test
  void sameSeedSameValues() {
    double[] a = new double[40 * 30];
    double[] b = new double[40 * 30];
    new CounterNoise(123).fill(4, 77, 40, 30, a);
    new CounterNoise(123).fill(4, 77, 40, 30, b);
    assertArrayEquals(a, b);
    double[] c = new double[40 * 30];
    new CounterNoise(124).fill(4, 77, 40, 30, c);
    assertTrue(countEqual(a, c) == 0, "another seed must give other values");
  }

  @Test
  void fillMatchesGaussianAtEveryCoordinate() {
    CounterNoise noise = new CounterNoise(5);
    double[] out = new double[9 * 13];
    noise.fill(3, 1L << 40, 9, 13, out);
    for (int b = 0; b < 9; b++) {
      for (int k = 0; k < 13; k++) {
        assertEquals(noise.gaussian(3, (1L << 40) + b, k), out[b * 13 + k]);
      }
    }
  }

  @Test
  void batchSplitDoesNotChangeTheNoise() {
    CounterNoise noise = new CounterNoise(99);
    int units = 50;
    double[] whole = new double[32 * units];
    noise.fill(1, 1000, 32, units, whole);

    double[] first = new double[16 * units];
    double[] second = new double[16 * units];
    noise.fill(1, 1000, 16, units, first);
    noise.fill(1, 1016, 16, units, second);
    assertArrayEquals(Arrays.copyOfRange(whole, 0, 16 * units), first);
    assertArrayEquals(Arrays.copyOfRange(whole, 16 * units, 32 * units), second);

    // Uneven splits too, one example at a time.
    double[] one = new double[units];
    for (int b = 0; b < 32; b++) {
      noise.fill(1, 1000 + b, 1, units, one);
      assertArrayEquals(Arrays.copyOfRange(whole, b * units, (b + 1) * units), one);
    }
  }

  @Test
  void floatFillIsTheRoundedDoubleFill() {
    CounterNoise noise = new CounterNoise(11);
    double[] d = new double[20 * 70];
    float[] f = new float[20 * 70];
    noise.fill(0, 5, 20, 70, d);
    noise.fill(0, 5, 20, 70, f);
    for (int i = 0; i < d.length; i++) {
      assertEquals((float) d[i], f[i]);
    }
  }

  @Test
  void fillWritesOnlyItsPrefixAndRejectsShortArrays() {
    CounterNoise noise = new CounterNoise(1);
    double[] out = new double[10];
    Arrays.fill(out, 42.0);
    noise.fill(0, 0, 2, 3, out);
    for (int i = 6; i < 10; i++) {
      assertEquals(42.0, out[i]);
    }
    noise.fill(0, 0, 0, 3, out);
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 0, 4, 3, out));
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 0, -1, 3, out));
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 0, 2, 3, new float[5]));
  }

  @Test
  void sitesExamplesAndUnitsAreDistinctAndUncorrelated() {
    CounterNoise noise = new CounterNoise(2024);
    int n = 1 << 16;
    double[] base = new double[n];
    double[] otherSite = new double[n];
    double[] nextExample = new double[n];
    double[] nextUnit = new double[n];
    double[] otherSeed = new double[n];
    CounterNoise other = new CounterNoise(2025);
    for (int i = 0; i < n; i++) {
      long example = i / 64;
      int unit = i % 64;
      base[i] = noise.gaussian(0, example, unit);
      otherSite[i] = noise.gaussian(1, example, unit);
      nextExample[i] = noise.gaussian(0, example + 1, unit);
      nextUnit[i] = noise.gaussian(0, example, unit + 1);
      otherSeed[i] = other.gaussian(0, example, unit);
    }
    for (double[] neighbour : new double[][] {otherSite, nextExample, nextUnit, otherSeed}) {
      assertTrue(countEqual(base, neighbour) < 2, "neighbouring coordinates repeat values");
      // Sample correlation of independent normals has standard deviation 1/sqrt(n) = 0.004.
      assertEquals(0.0, correlation(base, neighbour), 0.02);
    }
    // Adjacent sites must also not share values at any example offset (a shared stream
    // shifted in time would): look for any value of site 1 among the values of site 0.
    double[] sorted = base.clone();
    Arrays.sort(sorted);
    int shared = 0;
    for (double x : otherSite) {
      if (Arrays.binarySearch(sorted, x) >= 0) {
        shared++;
      }
    }
    assertTrue(shared < 2, shared + " values of site 1 also occur at site 0");
  }

  @Test
  void largeCoordinatesWork() {
    CounterNoise noise = new CounterNoise(-1);
    double a = noise.gaussian(Integer.MAX_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE);
    double b = noise.gaussian(-1, -1, -1);
    assertTrue(Double.isFinite(a) && Double.isFinite(b));
    assertNotEquals(a, b);
    double[] out = new double[2];
    noise.fill(Integer.MAX_VALUE, Long.MAX_VALUE, 1, 2, out);
    assertEquals(noise.gaussian(Integer.MAX_VALUE, Long.MAX_VALUE, 1), out[1]);
  }

  @Test
  void distributionIsStandardNormal() {
    CounterNoise noise = new CounterNoise(31337);
    double[] xs = new double[SAMPLES];
    noise.fill(0, 0, SAMPLES / 256, 256, xs);
    assertStandardNormal(xs);
  }

  @Test
  void distributionHasNoFineStructureErrors() {
    CounterNoise noise = new CounterNoise(1);
    long[] example = {0};
    assertNoFineStructureErrors(block -> {
      noise.fill(5, example[0], block.length / 256, 256, block);
      example[0] += block.length / 256;
    });
  }

  @Test
  void distributionIsStandardNormalAcrossSitesAndExamples() {
    // One unit from each of many rows: the per-row keys must be as good as the per-unit words.
    CounterNoise noise = new CounterNoise(8);
    double[] xs = new double[SAMPLES / 4];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = noise.gaussian(i & 7, i >>> 3, 0);
    }
    NormalStats stats = NormalStats.of(xs);
    assertEquals(0.0, stats.mean, 0.01);
    assertEquals(1.0, stats.variance, 0.02);
    assertTrue(stats.ks < 0.004, "KS statistic " + stats.ks);
  }

  @Test
  void fillAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    CounterNoise noise = new CounterNoise(3);
    double[] d = new double[8 * 64];
    float[] f = new float[8 * 64];
    for (int i = 0; i < 20_000; i++) {
      noise.fill(i & 3, i * 8L, 8, 64, d);
      noise.fill(i & 3, i * 8L, 8, 64, f);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      noise.fill(i & 3, i * 8L, 8, 64, d);
      noise.fill(i & 3, i * 8L, 8, 64, f);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024, "20,000 fills allocated " + allocated + " bytes");
  }

  // ---------------------------------------------------------------------------------------
  // Distribution checks shared with DitherRandomTest.

  /**
   * Asserts that about 10^6 samples look standard normal. The tolerances are several standard
   * errors wide, so a correct generator passes with a wide margin whatever the seed, while a
   * Ziggurat with a wrong table, a missing tail, or a wedge that always accepts fails.
   */
  static void assertStandardNormal(double[] xs) {
    NormalStats s = NormalStats.of(xs);
    String summary = s.toString();
    // Standard errors at n = 2^20: mean 0.001, variance 0.0014, E|x| 0.0006,
    // kurtosis 0.005, P(|x| > 3) 0.00005, P(|x| > 4) 0.000008, KS about 0.0009 typical.
    assertEquals(0.0, s.mean, 0.005, summary);
    assertEquals(1.0, s.variance, 0.01, summary);
    assertEquals(StrictMath.sqrt(2 / Math.PI), s.meanAbs, 0.005, summary);
    assertEquals(3.0, s.fourthMoment, 0.03, summary);
    assertEquals(2 * (1 - normalCdf(3)), s.beyond3, 0.0003, summary);
    assertEquals(2 * (1 - normalCdf(4)), s.beyond4, 0.00004, summary);
    // The 1% critical value of the KS statistic is 1.63 / sqrt(n) = 0.0016.
    assertTrue(s.ks < 0.0016, summary);
  }

  /** Writes the next block.length samples of a generator into block. */
  interface BlockSource {
    void next(double[] block);
  }

  /**
   * A sharper test than {@link #assertStandardNormal} for the errors a Ziggurat typically has:
   * a wedge test that accepts or rejects too much, or a tail drawn from the wrong law. Those
   * move under 1% of the mass, mostly far from the centre, which 10^6 samples and moment
   * checks cannot see. Here 2^24 samples go into 1024 bins of equal probability
   * (chi-square, 1023 degrees of freedom), and the frequencies beyond 3.5, 4 and 4.5, where
   * the tail algorithm alone decides, are tested to 5 standard errors.
   */
  static void assertNoFineStructureErrors(BlockSource source) {
    int bins = 1024;
    double[] edges = new double[bins - 1];
    for (int i = 0; i < edges.length; i++) {
      edges[i] = normalQuantile((i + 1.0) / bins);
    }
    // Binary search per sample would dominate the run time; instead a fine grid over [-8, 8)
    // remembers the first bin of each cell. Cells are narrower than any bin, so at most one
    // step from there finds the bin.
    int cells = 1 << 16;
    double cellsPerUnit = cells / 16.0;
    int[] firstBin = new int[cells];
    for (int c = 0, bin = 0; c < cells; c++) {
      double left = c / cellsPerUnit - 8;
      while (bin < edges.length && left >= edges[bin]) {
        bin++;
      }
      firstBin[c] = bin;
    }
    double[] thresholds = {3.5, 4.0, 4.5};
    long[] beyond = new long[thresholds.length];
    long[] counts = new long[bins];
    double[] block = new double[1 << 14];
    long n = 1L << 24;
    for (long done = 0; done < n; done += block.length) {
      source.next(block);
      for (double x : block) {
        int cell = (int) ((Math.max(-8.0, Math.min(x, 7.999)) + 8) * cellsPerUnit);
        int bin = firstBin[cell];
        while (bin < edges.length && x >= edges[bin]) {
          bin++;
        }
        counts[bin]++;
        double ax = Math.abs(x);
        for (int t = 0; t < thresholds.length; t++) {
          beyond[t] += ax > thresholds[t] ? 1 : 0;
        }
      }
    }
    double expected = (double) n / bins;
    double chiSquare = 0;
    for (long c : counts) {
      chiSquare += (c - expected) * (c - expected) / expected;
    }
    // Mean 1023, standard deviation sqrt(2 · 1023) = 45: five of them above the mean.
    assertTrue(chiSquare < 1023 + 5 * 45, "chi-square " + chiSquare + " over 1023 d.f.");
    for (int t = 0; t < thresholds.length; t++) {
      double p = 2 * (1 - normalCdf(thresholds[t]));
      double z = (beyond[t] - n * p) / Math.sqrt(n * p);
      assertTrue(Math.abs(z) < 5, "P(|x| > " + thresholds[t] + "): " + beyond[t] + " of " + n
          + ", expected " + n * p + " (z = " + z + ")");
    }
  }

  /** Φ⁻¹(p) by bisection on {@link #normalCdf}: slow, but only needed for a table of edges. */
  static double normalQuantile(double p) {
    double lo = -10;
    double hi = 10;
    for (int i = 0; i < 100; i++) {
      double mid = 0.5 * (lo + hi);
      if (normalCdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  static final class NormalStats {
    double mean;
    double variance;
    double meanAbs;
    double fourthMoment;
    double beyond3;
    double beyond4;
    double ks;

    static NormalStats of(double[] xs) {
      NormalStats s = new NormalStats();
      int n = xs.length;
      double sum = 0;
      double sumAbs = 0;
      int count3 = 0;
      int count4 = 0;
      for (double x : xs) {
        sum += x;
        sumAbs += Math.abs(x);
        count3 += Math.abs(x) > 3 ? 1 : 0;
        count4 += Math.abs(x) > 4 ? 1 : 0;
      }
      s.mean = sum / n;
      double m2 = 0;
      double m4 = 0;
      for (double x : xs) {
        double d = x - s.mean;
        m2 += d * d;
        m4 += d * d * d * d;
      }
      s.variance = m2 / (n - 1);
      s.fourthMoment = m4 / n / (s.variance * s.variance);
      s.meanAbs = sumAbs / n;
      s.beyond3 = (double) count3 / n;
      s.beyond4 = (double) count4 / n;
      double[] sorted = xs.clone();
      Arrays.sort(sorted);
      double d = 0;
      for (int i = 0; i < n; i++) {
        double cdf = normalCdf(sorted[i]);
        d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
      }
      s.ks = d;
      return s;
    }

    @Override
    public String toString() {
      return String.format("mean %.5f, variance %.5f, E|x| %.5f, kurtosis %.4f, P(|x|>3) %.6f,"
          + " P(|x|>4) %.7f, KS %.6f", mean, variance, meanAbs, fourthMoment, beyond3, beyond4,
          ks);
    }
  }

  /**
   * Φ(x) to about 1e-15. For |x| &lt; 3, erf(z) = 2/√π · e^(-z²) · Σ (2z²)^n z / (2n+1)!!
   * (all terms positive, so no cancellation); beyond, 1 - Φ(x) = φ(x) · Mills' ratio, whose
   * continued fraction converges fast for large x.
   */
  static double normalCdf(double x) {
    double ax = Math.abs(x);
    double upper;
    if (ax < 3) {
      double z = ax / Math.sqrt(2);
      double term = z;
      double sum = z;
      for (int n = 1; term > 1e-18 * sum; n++) {
        term *= 2 * z * z / (2 * n + 1);
        sum += term;
      }
      double erf = 2 / Math.sqrt(Math.PI) * Math.exp(-z * z) * sum;
      upper = 0.5 * (1 - erf);
    } else {
      double t = 0;
      for (int n = 300; n >= 1; n--) {
        t = n / (ax + t);
      }
      upper = Math.exp(-0.5 * ax * ax) / Math.sqrt(2 * Math.PI) / (ax + t);
    }
    return x >= 0 ? 1 - upper : upper;
  }

  @Test
  void normalCdfIsAccurate() {
    // Reference values of 0.5 · erfc(-x/√2).
    assertEquals(0.8413447460685429, normalCdf(1), 1e-15);
    assertEquals(0.02275013194817922, normalCdf(-2), 1e-15);
    assertEquals(0.9986501019683699, normalCdf(3), 1e-15);
    assertEquals(0.9999683287581669, normalCdf(4), 1e-15);
    assertEquals(0.6914624612740131, normalCdf(0.5), 1e-15);
    assertEquals(0.3820885778110474, normalCdf(-0.3), 1e-15);
    assertEquals(0.5, normalCdf(0), 0);
  }

  private static int countEqual(double[] a, double[] b) {
    int equal = 0;
    for (int i = 0; i < a.length; i++) {
      equal += a[i] == b[i] ? 1 : 0;
    }
    return equal;
  }

  private static double correlation(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double sab = 0;
    double saa = 0;
    double sbb = 0;
    for (int i = 0; i < a.length; i++) {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
    return sab / Math.sqrt(saa * sbb);
  }
}
