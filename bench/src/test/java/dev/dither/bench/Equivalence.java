package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.Parameter;

/**
 * How the equivalence tests compare the generated models with the hand-written baselines: both
 * in float, so summation order makes them differ by rounding only.
 */
final class Equivalence {
  /** Relative tolerance for float results computed in different orders. */
  static final double RELATIVE = 1e-4;

  private Equivalence() {}

  /** A parameter's values or gradients in PyTorch's layout, which the baselines use. */
  static double[] torch(Parameter p, boolean grads) {
    double[] out = new double[p.size()];
    if (grads) {
      p.copyGradsToTorchLayout(out);
    } else {
      p.copyToTorchLayout(out);
    }
    return out;
  }

  static void assertClose(String what, double expected, double actual) {
    assertTrue(Math.abs(expected - actual) <= RELATIVE * Math.abs(expected),
        what + ": generated " + expected + ", baseline " + actual);
  }

  /**
   * Normwise, ‖baseline − generated‖ ≤ 1e-4 ‖generated‖; elementwise, each entry within 1e-4 of
   * its own magnitude, or of a tenth of the tensor's largest magnitude for entries much smaller
   * than that (those are sums that cancel, where float rounding of a different summation order
   * is relatively large, while still ~1e-6 of the tensor's scale).
   */
  static void assertTensorClose(String what, double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    double largest = 0;
    double errorSquares = 0;
    double normSquares = 0;
    for (int i = 0; i < expected.length; i++) {
      largest = Math.max(largest, Math.abs(expected[i]));
      errorSquares += (expected[i] - actual[i]) * (expected[i] - actual[i]);
      normSquares += expected[i] * expected[i];
    }
    assertTrue(largest > 0, what + ": all zero, nothing compared");
    double normwise = Math.sqrt(errorSquares / normSquares);
    assertTrue(normwise <= RELATIVE, what + ": normwise relative error " + normwise);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = RELATIVE * Math.max(Math.abs(expected[i]), 0.1 * largest);
      double error = Math.abs(expected[i] - actual[i]);
      if (!(error <= tolerance)) {
        throw new AssertionError(what + "[" + i + "]: generated " + expected[i] + ", baseline "
            + actual[i] + " (error " + error + ", tolerance " + tolerance + ")");
      }
    }
  }
}
