package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DitherRandomTest {

  @Test
  void isSplitMix64() {
    // The published SplitMix64 stream for seed 0 ...
    DitherRandom zero = new DitherRandom(0);
    assertEquals(0xE220A8397B1DCDAFL, zero.nextLong());
    assertEquals(0x6E789E6AA1B965F4L, zero.nextLong());
    assertEquals(0x06C45D188009454FL, zero.nextLong());
    // ... and the JDK's implementation of the same algorithm, for arbitrary seeds.
    for (long seed : new long[] {1, 42, -1, Long.MIN_VALUE, 0x123456789ABCDEFL}) {
      DitherRandom ours = new DitherRandom(seed);
      SplittableRandom jdk = new SplittableRandom(seed);
      for (int i = 0; i < 1000; i++) {
        assertEquals(jdk.nextLong(), ours.nextLong(), "seed " + seed + ", draw " + i);
      }
    }
  }

  @Test
  void mixIsTheFinaliserOfTheStream() {
    assertEquals(0L, DitherRandom.mix(0));
    assertEquals(new DitherRandom(0).nextLong(), DitherRandom.mix(DitherRandom.GOLDEN_GAMMA));
    assertEquals(new DitherRandom(5).nextLong(), DitherRandom.mix(5 + DitherRandom.GOLDEN_GAMMA));
  }

  @Test
  void mixAvalanches() {
    // CounterNoise hashes structured keys with mix: flipping any one input bit must flip
    // each output bit with probability close to 1/2.
    DitherRandom inputs = new DitherRandom(77);
    int trials = 2000;
    long[][] flips = new long[64][64];
    for (int t = 0; t < trials; t++) {
      long x = inputs.nextLong();
      long hx = DitherRandom.mix(x);
      for (int in = 0; in < 64; in++) {
        long diff = hx ^ DitherRandom.mix(x ^ (1L << in));
        for (int out = 0; out < 64; out++) {
          flips[in][out] += (diff >>> out) & 1;
        }
      }
    }
    for (int in = 0; in < 64; in++) {
      for (int out = 0; out < 64; out++) {
        double p = (double) flips[in][out] / trials;
        // Standard error 0.011; 0.07 is over six of them.
        assertEquals(0.5, p, 0.07, "input bit " + in + " → output bit " + out);
      }
    }
  }

  @Test
  void pinnedValues() {
    DitherRandom doubles = new DitherRandom(42);
    assertEquals(0.7415648787718233, doubles.nextDouble());
    assertEquals(0.1599103928769201, doubles.nextDouble());
    assertEquals(0.27860113025513866, doubles.nextDouble());

    DitherRandom ints = new DitherRandom(42);
    assertEquals(741, ints.nextInt(1000));
    assertEquals(159, ints.nextInt(1000));
    assertEquals(278, ints.nextInt(1000));
    assertEquals(344, ints.nextInt(1000));
    assertEquals(38, ints.nextInt(1000));

    // Changing these changes every weight initialisation: it must be deliberate.
    DitherRandom gaussians = new DitherRandom(42);
    assertEquals(0x1.f8c80e851c08cp-2, gaussians.nextGaussian());
    assertEquals(-0x1.6354b5f7dce79p-1, gaussians.nextGaussian());
    assertEquals(-0x1.47f4af60c7f94p0, gaussians.nextGaussian());
    assertEquals(-0x1.cd98e78b167aep-1, gaussians.nextGaussian());
  }

  @Test
  void sameSeedSameStream() {
    DitherRandom a = new DitherRandom(2024);
    DitherRandom b = new DitherRandom(2024);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.nextLong(), b.nextLong());
      assertEquals(a.nextDouble(), b.nextDouble());
      assertEquals(a.nextGaussian(), b.nextGaussian());
      assertEquals(a.nextInt(17), b.nextInt(17));
      assertEquals(a.nextUniform(-3, 5), b.nextUniform(-3, 5));
    }
  }

  @Test
  void nextDoubleUsesTheTop53Bits() {
    DitherRandom longs = new DitherRandom(9);
    DitherRandom doubles = new DitherRandom(9);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double u = doubles.nextDouble();
      assertEquals((longs.nextLong() >>> 11) * 0x1.0p-53, u);
      assertTrue(u >= 0 && u < 1);
      sum += u;
    }
    assertEquals(0.5, sum / n, 0.005);
  }

  @Test
  void nextUniformStaysInItsInterval() {
    DitherRandom r = new DitherRandom(3);
    double sum = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double x = r.nextUniform(-2.5, 7.5);
      assertTrue(x >= -2.5 && x < 7.5, "got " + x);
      sum += x;
    }
    assertEquals(2.5, sum / n, 0.05);
    // An interval one ulp wide has a single value.
    double lo = 1.0;
    double hi = Math.nextUp(lo);
    for (int i = 0; i < 100; i++) {
      assertEquals(lo, r.nextUniform(lo, hi));
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextUniform(1, 1));
    assertThrows(IllegalArgumentException.class, () -> r.nextUniform(2, 1));
    assertThrows(IllegalArgumentException.class, () -> r.nextUniform(Double.NaN, 1));
    assertThrows(IllegalArgumentException.class, () -> r.nextUniform(-Double.MAX_VALUE,
        Double.MAX_VALUE));
  }

  @Test
  void nextIntIsUniform() {
    DitherRandom r = new DitherRandom(11);
    for (int bound : new int[] {7, 10}) {
      long[] counts = new long[bound];
      int n = 200_000;
      for (int i = 0; i < n; i++) {
        counts[r.nextInt(bound)]++;
      }
      double expected = (double) n / bound;
      double chiSquare = 0;
      for (long c : counts) {
        chiSquare += (c - expected) * (c - expected) / expected;
      }
      // bound - 1 degrees of freedom; 30 is beyond the 0.1% critical value for 9.
      assertTrue(chiSquare < 30, "bound " + bound + ": chi-square " + chiSquare);
    }
    for (int i = 0; i < 100; i++) {
      assertEquals(0, r.nextInt(1));
      int big = r.nextInt(Integer.MAX_VALUE);
      assertTrue(big >= 0 && big < Integer.MAX_VALUE);
    }
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(0));
    assertThrows(IllegalArgumentException.class, () -> r.nextInt(-5));
  }

  @Test
  void nextIntIsUnbiasedForLargeBounds() {
    // With bound = 3·2^29, 2^32 / bound = 8/3: mapping 32 random bits to [0, bound) without
    // rejection gives the residues j mod 3 probabilities 3/8, 3/8, 1/4 instead of 1/3 each.
    // This is where a modulo or multiply-shift shortcut would show its bias.
    DitherRandom r = new DitherRandom(5);
    int bound = 3 << 29;
    long[] residues = new long[3];
    int n = 300_000;
    for (int i = 0; i < n; i++) {
      int x = r.nextInt(bound);
      assertTrue(x >= 0 && x < bound);
      residues[x % 3]++;
    }
    for (long c : residues) {
      // Standard error 0.00086.
      assertEquals(1.0 / 3, (double) c / n, 0.005);
    }
  }

  @Test
  void nextGaussianIsStandardNormal() {
    DitherRandom r = new DitherRandom(31337);
    double[] xs = new double[1 << 20];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = r.nextGaussian();
    }
    CounterNoiseTest.assertStandardNormal(xs);

    // The polar method returns its samples in pairs; the two of a pair must be independent.
    double sum = 0;
    for (int i = 0; i + 1 < xs.length; i += 2) {
      sum += xs[i] * xs[i + 1];
    }
    assertEquals(0.0, sum / (xs.length / 2), 0.01);
  }

  @Test
  void nextGaussianHasNoFineStructureErrors() {
    DitherRandom r = new DitherRandom(1);
    CounterNoiseTest.assertNoFineStructureErrors(block -> {
      for (int i = 0; i < block.length; i++) {
        block[i] = r.nextGaussian();
      }
    });
  }
}
