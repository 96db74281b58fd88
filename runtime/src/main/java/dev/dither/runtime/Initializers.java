package dev.dither.runtime;

/**
 * Weight initializations with PyTorch's distributions, so that a network starts from the same
 * kind of point as its PyTorch counterpart. Everything is written in PyTorch's layout,
 * {@code [out][in]} row-major (copy it in with {@link Parameter#copyFromTorchLayout}), because
 * that is the layout the distributions are defined in (orthogonal's rows are output units) and
 * in which draws can be compared with PyTorch's. All randomness comes from the given
 * {@link DitherRandom}, consumed in array order, so a seed fixes the result.
 */
public final class Initializers {
  private Initializers() {}

  /**
   * {@code nn.Linear}'s default weight: {@code kaiming_uniform_(a = sqrt(5))}, which works out
   * to U(-1/sqrt(fanIn), 1/sqrt(fanIn)). PyTorch's LSTM and GRU use the same bound with the
   * hidden size in place of fanIn.
   */
  public static void pytorchLinearWeight(DitherRandom rng, double[] w, int fanIn) {
    double bound = 1 / Math.sqrt(positive("fanIn", fanIn));
    uniform(rng, w, -bound, bound);
  }

  /** {@code nn.Linear}'s default bias: U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn of the weight. */
  public static void pytorchLinearBias(DitherRandom rng, double[] b, int fanIn) {
    pytorchLinearWeight(rng, b, fanIn);
  }

  /**
   * {@code xavier_uniform_(gain)}: U(-a, a) with {@code a = gain * sqrt(6 / (fanIn + fanOut))},
   * which gives variance {@code gain^2 * 2 / (fanIn + fanOut)} and so keeps activation and
   * gradient variances balanced through a layer (Glorot and Bengio 2010).
   */
  public static void glorotUniform(DitherRandom rng, double[] w, int fanIn, int fanOut,
      double gain) {
    positive("fanIn", fanIn);
    positive("fanOut", fanOut);
    double bound = positive("gain", gain) * Math.sqrt(6.0 / ((double) fanIn + fanOut));
    uniform(rng, w, -bound, bound);
  }

  /**
   * {@code orthogonal_(gain)} on a {@code rows × cols} matrix: fills a Gaussian matrix in
   * row-major order, takes the QR factorization of it (of its transpose when
   * {@code rows < cols}, so that Q is tall), multiplies Q's columns by the signs of R's diagonal
   * (which makes the result Haar-distributed rather than biased by the factorization's sign
   * convention, Mezzadri 2007), transposes back and scales by {@code gain}. The rows
   * ({@code rows <= cols}) or the columns ({@code rows >= cols}) come out orthonormal times
   * gain, which preserves norms through deep or recurrent stacks (Saxe et al. 2014).
   *
   * <p>The sign correction makes Q the unique factor with a positive diagonal of R, so the
   * result is a function of the Gaussian draws alone, whatever QR algorithm computes it;
   * Householder reflections are used here for their orthogonality to rounding error.
   */
  public static void orthogonal(DitherRandom rng, double[] w, int rows, int cols, double gain) {
    positive("rows", rows);
    positive("cols", cols);
    if (!Double.isFinite(gain) || gain <= 0) {
      throw new IllegalArgumentException("gain must be finite and > 0, got " + gain);
    }
    if (w.length != (long) rows * cols) {
      throw new IllegalArgumentException("w must have rows * cols = " + rows + " * " + cols
          + " = " + (long) rows * cols + " values, got " + w.length);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = rng.nextGaussian();
    }
    boolean transpose = rows < cols;
    int m = transpose ? cols : rows; // the tall matrix A is m × n, m >= n
    int n = transpose ? rows : cols;
    // A column-major: column j of A is w's column j, or w's row j when transposed.
    double[] a = new double[m * n];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        a[j * m + i] = transpose ? w[j * cols + i] : w[i * cols + j];
      }
    }
    double[] q = householderQ(a, m, n);
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < m; i++) {
        double v = gain * q[j * m + i];
        if (transpose) {
          w[j * cols + i] = v;
        } else {
          w[i * cols + j] = v;
        }
      }
    }
  }

  /**
   * Fills {@code x} with U(lo, hi), e.g. the noise parameter p of a noisy activation with
   * U(-1, 1).
   */
  public static void uniform(DitherRandom rng, double[] x, double lo, double hi) {
    if (!(lo < hi) || !Double.isFinite(hi - lo)) {
      throw new IllegalArgumentException("uniform needs finite bounds lo < hi, got [" + lo + ", "
          + hi + ")");
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextUniform(lo, hi);
    }
  }

  /**
   * The thin Q (m × n, column-major) of the m × n column-major matrix {@code a} (m >= n), with
   * each column multiplied by the sign of the matching diagonal entry of R. Overwrites
   * {@code a} with the Householder vectors.
   */
  private static double[] householderQ(double[] a, int m, int n) {
    // Reduce: reflection k maps a[k.., k] to rDiag[k] * e_k; v_k overwrites a[k.., k] with
    // unit norm so that H_k = I - 2 v v^T.
    double[] rDiag = new double[n];
    for (int k = 0; k < n; k++) {
      int col = k * m;
      double norm = Math.sqrt(sumOfSquares(a, col, k, m));
      if (norm == 0) {
        // A zero column (probability 0 for Gaussian draws): H_k = I, Q is still orthogonal.
        rDiag[k] = 0;
        continue;
      }
      // Reflect towards -sign(x0) * |x| so that v0 = x0 - alpha does not cancel.
      double alpha = a[col + k] >= 0 ? -norm : norm;
      rDiag[k] = alpha;
      a[col + k] -= alpha;
      double vNorm = Math.sqrt(sumOfSquares(a, col, k, m));
      for (int i = k; i < m; i++) {
        a[col + i] /= vNorm;
      }
      for (int j = k + 1; j < n; j++) {
        reflect(a, col, a, j * m, k, m);
      }
    }
    // Accumulate Q = H_0 ... H_{n-1} [I_n; 0] from the last reflection back.
    double[] q = new double[m * n];
    for (int j = 0; j < n; j++) {
      q[j * m + j] = 1;
    }
    for (int k = n - 1; k >= 0; k--) {
      if (rDiag[k] == 0) {
        continue;
      }
      for (int j = 0; j < n; j++) {
        reflect(a, k * m, q, j * m, k, m);
      }
    }
    // Sign correction; a zero diagonal (no reflection) counts as positive.
    for (int j = 0; j < n; j++) {
      if (rDiag[j] < 0) {
        for (int i = 0; i < m; i++) {
          q[j * m + i] = -q[j * m + i];
        }
      }
    }
    return q;
  }

  private static double sumOfSquares(double[] x, int col, int k, int m) {
    double sum = 0;
    for (int i = k; i < m; i++) {
      sum += x[col + i] * x[col + i];
    }
    return sum;
  }

  /** x -= 2 v (v^T x) over rows [k, m), v at v[vCol..], x at x[xCol..]. */
  private static void reflect(double[] v, int vCol, double[] x, int xCol, int k, int m) {
    double dot = 0;
    for (int i = k; i < m; i++) {
      dot += v[vCol + i] * x[xCol + i];
    }
    dot *= 2;
    for (int i = k; i < m; i++) {
      x[xCol + i] -= dot * v[vCol + i];
    }
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  private static double positive(String name, double value) {
    if (!(value > 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
    return value;
  }
}
