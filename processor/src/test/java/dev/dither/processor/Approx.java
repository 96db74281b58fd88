package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise comparison with a relative tolerance and a tiny absolute floor for zeros. */
final class Approx {
  private Approx() {}

  static void assertClose(String what, double[] expected, double[] actual, double relative) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(what + "[" + i + "]", expected[i], actual[i], relative);
    }
  }

  static void assertClose(String what, double expected, double actual, double relative) {
    double tolerance = relative * Math.abs(expected) + relative * 1e-3;
    if (!(Math.abs(expected - actual) <= tolerance)) {
      fail(what + ": expected " + expected + " but was " + actual + " (|diff| "
          + Math.abs(expected - actual) + " > " + tolerance + ")");
    }
  }
}
