package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitializersTest {
  private static final int N = 200_000;

  @Test
  void pytorchLinearWeightAndBias() {
    int fanIn = 25;
    double bound = 0.2;
    double[] w = new double[N];
    Initializers.pytorchLinearWeight(new DitherRandom(1), w, fanIn);
    assertUniform(w, -bound, bound);
    double[] b = new double[N];
    Initializers.pytorchLinearBias(new DitherRandom(2), b, fanIn);
    assertUniform(b, -bound, bound);
  }

  @Test
  void glorotUniform() {
    double[] w = new double[N];
    Initializers.glorotUniform(new DitherRandom(3), w, 100, 200, 2.0);
    double bound = 2.0 * Math.sqrt(6.0 / 300);
    assertUniform(w, -bound, bound);
    // The point of Glorot: variance gain^2 * 2 / (fanIn + fanOut).
    assertEquals(4.0 * 2 / 300, variance(w), 0.02 * 4.0 * 2 / 300);
  }

  @Test
  void uniformForTheNoiseParameter() {
    double[] p = new double[N];
    Initializers.uniform(new DitherRandom(4), p, -1, 1);
    assertUniform(p, -1, 1);
  }

  @Test
  void sameSeedSameValuesOtherSeedOtherValues() {
    double[] a = new double[64];
    double[] b = new double[64];
    double[] c = new double[64];
    Initializers.pytorchLinearWeight(new DitherRandom(42), a, 8);
    Initializers.pytorchLinearWeight(new DitherRandom(42), b, 8);
    Initializers.pytorchLinearWeight(new DitherRandom(43), c, 8);
    assertArrayEquals(a, b, 0.0);
    assertFalse(Arrays.equals(a, c));

    Initializers.orthogonal(new DitherRandom(42), a, 8, 8, 1);
    Initializers.orthogonal(new DitherRandom(42), b, 8, 8, 1);
    Initializers.orthogonal(new DitherRandom(43), c, 8, 8, 1);
    assertArrayEquals(a, b, 0.0);
    assertFalse(Arrays.equals(a, c));
  }

  @ParameterizedTest
  @CsvSource({"1, 1, 1.0", "7, 7, 1.0", "5, 12, 1.0", "12, 5, 2.5", "1, 9, 0.5", "9, 1, 1.0",
      "64, 256, 1.4142135623730951", "300, 40, 1.0"})
  void orthogonalRowsOrColumnsAreOrthonormalTimesGain(int rows, int cols, double gain) {
    double[] w = new double[rows * cols];
    Initializers.orthogonal(new DitherRandom(rows * 1000L + cols), w, rows, cols, gain);
    // rows <= cols: W W^T = gain^2 I over rows; rows >= cols: W^T W = gain^2 I over columns.
    boolean byRows = rows <= cols;
    int k = byRows ? rows : cols;
    for (int a = 0; a < k; a++) {
      for (int b = 0; b < k; b++) {
        double dot = 0;
        for (int i = 0; i < (byRows ? cols : rows); i++) {
          dot += byRows ? w[a * cols + i] * w[b * cols + i] : w[i * cols + a] * w[i * cols + b];
        }
        assertEquals(a == b ? gain * gain : 0, dot, 1e-10, rows + "x" + cols + " (" + a + ", "
            + b + ")");
      }
    }
  }

  /**
   * PyTorch's sign correction makes Q the factor with a positive diagonal of R. Redrawing the
   * same Gaussian matrix A (rows × cols, row-major), R = Q^T A must come out upper triangular
   * with a positive diagonal (for rows < cols, of A^T = Q R with W = Q^T).
   */
  @ParameterizedTest
  @CsvSource({"6, 4", "4, 6", "5, 5"})
  void orthogonalIsTheQWithPositiveDiagonalR(int rows, int cols) {
    long seed = 99;
    double gain = 1.5;
    double[] w = new double[rows * cols];
    Initializers.orthogonal(new DitherRandom(seed), w, rows, cols, gain);
    DitherRandom again = new DitherRandom(seed);
    double[] a = new double[rows * cols];
    for (int i = 0; i < a.length; i++) {
      a[i] = again.nextGaussian();
    }
    boolean transpose = rows < cols;
    int m = transpose ? cols : rows;
    int n = transpose ? rows : cols;
    // Q[i][j] (m × n) and A'[i][j] (m × n, A or A^T).
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double dot = 0; // R[r][c] = sum_i Q[i][r] A'[i][c]
        for (int i = 0; i < m; i++) {
          double q = (transpose ? w[r * cols + i] : w[i * cols + r]) / gain;
          double ai = transpose ? a[c * cols + i] : a[i * cols + c];
          dot += q * ai;
        }
        if (r > c) {
          assertEquals(0, dot, 1e-10, "R[" + r + "][" + c + "]");
        } else if (r == c) {
          assertTrue(dot > 0, "R[" + r + "][" + r + "] = " + dot);
        }
      }
    }
  }

  @Test
  void argumentsAreChecked() {
    double[] w = new double[6];
    DitherRandom rng = new DitherRandom(0);
    assertMessage(() -> Initializers.pytorchLinearWeight(rng, w, 0), "fanIn", ">= 1", "0");
    assertMessage(() -> Initializers.glorotUniform(rng, w, 2, -3, 1), "fanOut", "-3");
    assertMessage(() -> Initializers.glorotUniform(rng, w, 2, 3, Double.NaN), "gain", "NaN");
    assertMessage(() -> Initializers.orthogonal(rng, w, 4, 2, 1), "rows * cols", "8", "got 6");
    assertMessage(() -> Initializers.orthogonal(rng, w, 2, 3, 0), "gain", "> 0");
    assertMessage(() -> Initializers.uniform(rng, w, 1, -1), "lo < hi", "[1.0, -1.0)");
  }

  /** All inside [lo, hi), mean and variance those of U(lo, hi) to sampling accuracy. */
  private static void assertUniform(double[] x, double lo, double hi) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double width = hi - lo;
    assertTrue(min >= lo && max < hi, "[" + min + ", " + max + "] outside [" + lo + ", " + hi);
    // The extremes are near the bounds, i.e. the bound is not too small either.
    assertTrue(min < lo + 1e-3 * width && max > hi - 1e-3 * width, min + ", " + max);
    // Standard error of the mean is width / sqrt(12 N), about 6.5e-4 width for N = 200 000.
    assertEquals((lo + hi) / 2, mean(x), 4e-3 * width);
    assertEquals(width * width / 12, variance(x), 0.02 * width * width / 12);
  }

  private static double mean(double[] x) {
    double sum = 0;
    for (double v : x) {
      sum += v;
    }
    return sum / x.length;
  }

  private static double variance(double[] x) {
    double mean = mean(x);
    double sum = 0;
    for (double v : x) {
      sum += (v - mean) * (v - mean);
    }
    return sum / (x.length - 1);
  }

  private static void assertMessage(Executable e, String... fragments) {
    String message = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "'" + message + "' should mention " + f);
    }
  }
}
