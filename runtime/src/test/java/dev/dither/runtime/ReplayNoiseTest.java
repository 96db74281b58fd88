package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReplayNoiseTest {

  /** samples[e * units + k] = 100 e + k + 0.5, so every value names its coordinates. */
  private static double[] recording(int examples, int units) {
    double[] samples = new double[examples * units];
    for (int e = 0; e < examples; e++) {
      for (int k = 0; k < units; k++) {
        samples[e * units + k] = 100 * e + k + 0.5;
      }
    }
    return samples;
  }

  @Test
  void replaysTheRecordingLaidOutByExampleThenUnit() {
    ReplayNoise noise = ReplayNoise.builder().site(0, recording(10, 3), 3).build();
    double[] out = new double[4 * 3];
    noise.fill(0, 2, 4, 3, out);
    for (int b = 0; b < 4; b++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(100 * (2 + b) + k + 0.5, out[b * 3 + k]);
      }
    }
  }

  @Test
  void sitesAreIndependentRecordings() {
    double[] second = recording(5, 2);
    for (int i = 0; i < second.length; i++) {
      second[i] = -second[i];
    }
    ReplayNoise noise = ReplayNoise.builder()
        .site(0, recording(4, 7), 7)
        .site(2, second, 2)
        .build();
    double[] out = new double[7];
    noise.fill(0, 3, 1, 7, out);
    assertEquals(300.5, out[0]);
    noise.fill(2, 4, 1, 2, out);
    assertEquals(-401.5, out[1]);
  }

  @Test
  void batchSplitDoesNotChangeTheNoise() {
    int units = 5;
    ReplayNoise noise = ReplayNoise.builder().site(1, recording(32, units), units).build();
    double[] whole = new double[32 * units];
    double[] first = new double[16 * units];
    double[] second = new double[16 * units];
    noise.fill(1, 0, 32, units, whole);
    noise.fill(1, 0, 16, units, first);
    noise.fill(1, 16, 16, units, second);
    assertArrayEquals(Arrays.copyOfRange(whole, 0, 16 * units), first);
    assertArrayEquals(Arrays.copyOfRange(whole, 16 * units, 32 * units), second);
  }

  @Test
  void floatFillIsTheRoundedDoubleFill() {
    double[] samples = gaussianRecording(6, 4);
    ReplayNoise noise = ReplayNoise.builder().site(0, samples, 4).build();
    float[] f = new float[3 * 4];
    noise.fill(0, 2, 3, 4, f);
    for (int i = 0; i < f.length; i++) {
      assertEquals((float) samples[8 + i], f[i]);
    }
  }

  @Test
  void recordingIsCopied() {
    double[] samples = recording(2, 2);
    ReplayNoise noise = ReplayNoise.builder().site(0, samples, 2).build();
    samples[0] = 999;
    double[] out = new double[2];
    noise.fill(0, 0, 1, 2, out);
    assertEquals(0.5, out[0]);
  }

  @Test
  void unknownSiteIsAnError() {
    ReplayNoise noise = ReplayNoise.builder().site(1, recording(2, 2), 2).build();
    double[] out = new double[4];
    for (int site : new int[] {0, 2, -1}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> noise.fill(site, 0, 1, 2, out));
      assertContains(e.getMessage(), "site " + site);
      assertContains(e.getMessage(), "site 1: 2 examples × 2 units");
    }
  }

  @Test
  void differentUnitsIsAnError() {
    ReplayNoise noise = ReplayNoise.builder().site(3, recording(4, 6), 6).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> noise.fill(3, 0, 1, 5, new double[5]));
    assertContains(e.getMessage(), "site 3");
    assertContains(e.getMessage(), "6 units");
    assertContains(e.getMessage(), "5 were requested");
  }

  @Test
  void examplesPastTheRecordingAreAnError() {
    ReplayNoise noise = ReplayNoise.builder().site(0, recording(10, 2), 2).build();
    double[] out = new double[20];
    noise.fill(0, 8, 2, 2, out); // the last two examples: fine
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> noise.fill(0, 8, 3, 2, out));
    assertContains(e.getMessage(), "site 0 has 10 recorded examples [0, 10)");
    assertContains(e.getMessage(), "examples [8, 11)");
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, -1, 1, 2, out));
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 0, -1, 2, out));
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 11, 0, 2, out));
    assertThrows(IllegalArgumentException.class, () -> noise.fill(0, 0, 5, 2, new float[9]));
  }

  @Test
  void builderRejectsBadRecordings() {
    assertThrows(IllegalArgumentException.class,
        () -> ReplayNoise.builder().site(-1, recording(1, 1), 1));
    assertThrows(IllegalArgumentException.class,
        () -> ReplayNoise.builder().site(0, recording(1, 1), 0));
    IllegalArgumentException ragged = assertThrows(IllegalArgumentException.class,
        () -> ReplayNoise.builder().site(0, new double[7], 2));
    assertContains(ragged.getMessage(), "7 samples");
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> ReplayNoise.builder().site(0, new double[2], 2).site(0, new double[2], 2));
    assertContains(twice.getMessage(), "already recorded");
  }

  @Test
  void fillAllocatesNothing() {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
        java.lang.management.ManagementFactory.getThreadMXBean();
    ReplayNoise noise = ReplayNoise.builder().site(0, recording(64, 16), 16).build();
    double[] d = new double[8 * 16];
    float[] f = new float[8 * 16];
    for (int i = 0; i < 20_000; i++) {
      noise.fill(0, i & 7, 8, 16, d);
      noise.fill(0, i & 7, 8, 16, f);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < 10_000; i++) {
      noise.fill(0, i & 7, 8, 16, d);
      noise.fill(0, i & 7, 8, 16, f);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertTrue(allocated < 1024, "20,000 fills allocated " + allocated + " bytes");
  }

  /** ConstantNoise is the other test double among the noise sources; its checks live here. */
  @Nested
  class ConstantNoiseCases {

    @Test
    void everySampleIsTheValue() {
      ConstantNoise noise = new ConstantNoise(-0.25);
      assertEquals(-0.25, noise.value());
      double[] d = new double[12];
      Arrays.fill(d, 7);
      noise.fill(3, 1000, 2, 5, d);
      for (int i = 0; i < 10; i++) {
        assertEquals(-0.25, d[i]);
      }
      assertEquals(7, d[10]); // beyond examples × units: untouched
      float[] f = new float[10];
      noise.fill(0, 0, 2, 5, f);
      for (float x : f) {
        assertEquals(-0.25f, x);
      }
    }

    @Test
    void zeroIsZero() {
      assertSame(ConstantNoise.zero(), ConstantNoise.zero());
      double[] d = {1, 2, 3};
      ConstantNoise.zero().fill(0, 0, 1, 3, d);
      assertArrayEquals(new double[3], d);
    }

    @Test
    void rejectsNonFiniteValuesAndShortArrays() {
      assertThrows(IllegalArgumentException.class, () -> new ConstantNoise(Double.NaN));
      assertThrows(IllegalArgumentException.class,
          () -> new ConstantNoise(Double.POSITIVE_INFINITY));
      assertThrows(IllegalArgumentException.class,
          () -> ConstantNoise.zero().fill(0, 0, 2, 3, new double[5]));
      assertThrows(IllegalArgumentException.class,
          () -> ConstantNoise.zero().fill(0, 0, -1, 3, new float[5]));
    }
  }

  /** Arbitrary non-round doubles, so that float rounding is actually exercised. */
  private static double[] gaussianRecording(int examples, int units) {
    double[] out = new double[examples * units];
    new CounterNoise(17).fill(0, 0, examples, units, out);
    return out;
  }

  private static void assertContains(String message, String expected) {
    assertTrue(message.contains(expected),
        "«" + message + "» should contain «" + expected + "»");
  }
}
