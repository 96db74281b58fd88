package dev.dither.bench.peers;

/**
 * One measured implementation of one case of a workload.
 *
 * @param workload W1–W4
 * @param label the case within the workload, e.g. "hard-tanh, batch 32"
 * @param unit of {@code rounds}: examples per second, or microseconds / milliseconds per call
 * @param rounds one value per round
 * @param p99 for latency rows, the 99th percentile of each round; else null
 * @param flops FLOPs per example ({@code rounds} in examples/s) or per call (latency in µs); 0 if none
 * @param note how the implementation differs, if it does (e.g. "hand-written hard cell")
 */
record Row(String workload, String label, String implementation, String unit, double[] rounds, double[] p99,
    double flops, String note) {
  static final String DITHER = "Dither (generated)";
  static final String DITHER_THREADS = "Dither, threads(2)";
  static final String JAVA = "hand-written Java";
  static final String PYTORCH = "PyTorch";

  boolean isLatency() {
    return !unit.endsWith("/s");
  }

  double median() {
    return Measure.median(rounds);
  }

  /** Achieved GFLOP/s, or NaN without a FLOP count. */
  double gflops() {
    if (flops == 0) {
      return Double.NaN;
    }
    return isLatency() ? flops / (median() * 1e-6) / 1e9 : flops * median() / 1e9;
  }

  /** How many times faster Dither is than this row ({@code dither} of the same case). */
  double ditherSpeedup(Row dither) {
    return isLatency() ? median() / dither.median() : dither.median() / median();
  }
}
