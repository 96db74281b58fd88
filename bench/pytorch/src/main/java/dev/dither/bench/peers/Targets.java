package dev.dither.bench.peers;

import java.util.List;
import java.util.Locale;

/**
 * Issue 7's targets, evaluated on one run's rows. Ratios are of throughput (or of latency for W3
 * and W4) within the run; a target comparing two cases (e.g. the hard LSTM against the fused
 * sigmoid LSTM) compares rows timed in different interleaved groups, a few minutes apart.
 */
final class Targets {
  private final List<Row> rows;
  private final double peak;

  Targets(List<Row> rows, double peak) {
    this.rows = rows;
    this.peak = peak;
  }

  String markdown() {
    StringBuilder md = new StringBuilder("| target | measured | met |\n|---|---:|---|\n");
    String w1 = PeerBenchmarks.W1;
    String w2 = PeerBenchmarks.W2;
    ratio(md, "W1 batch 1: ≥ 10× PyTorch", w1, "hard-tanh, batch 1", "hard-tanh, batch 1", Row.PYTORCH, 10);
    ratio(md, "W1 batch 32: ≥ 1.5× PyTorch", w1, "hard-tanh, batch 32", "hard-tanh, batch 32", Row.PYTORCH, 1.5);
    double pct = 100 * row(w1, "hard-tanh, batch 32", Row.DITHER).gflops() / peak;
    line(md, "W1 batch 32: ≥ 50% of the FMA peak", String.format(Locale.ROOT, "%.1f%%", pct), pct >= 50);
    for (String gates : List.of("sigmoid/tanh", "hard", "NAH")) {
      ratio(md, "W2 " + gates + " LSTM batch 1: ≥ 1.5× fused nn.LSTM", w2, gates + " LSTM, batch 1",
          "sigmoid/tanh LSTM, batch 1", Row.PYTORCH, 1.5);
    }
    for (String gates : List.of("hard", "NAH")) {
      ratio(md, "W2 " + gates + " LSTM batch 16: ≥ 0.8× fused nn.LSTM", w2, gates + " LSTM, batch 16",
          "sigmoid/tanh LSTM, batch 16", Row.PYTORCH, 0.8);
      ratio(md, "W2 " + gates + " LSTM batch 16: ≥ 4× PyTorch's hand-written hard cell", w2, gates + " LSTM, batch 16",
          "hard LSTM, batch 16", Row.PYTORCH, 4);
    }
    ratio(md, "W2 GRU batch 1: ≥ 1.5× nn.GRU", w2, "GRU, batch 1", "GRU, batch 1", Row.PYTORCH, 1.5);
    ratio(md, "W2 GRU batch 16: ≥ 0.8× nn.GRU", w2, "GRU, batch 16", "GRU, batch 16", Row.PYTORCH, 0.8);
    for (String[] c : new String[][] {{w1, "hard-tanh, batch 32"}, {w1, "NAH, batch 32"}, {w2, "hard LSTM, batch 16"},
        {w2, "NAH LSTM, batch 16"}, {w2, "GRU, batch 16"}}) {
      double r = row(c[0], c[1], Row.DITHER_THREADS).median() / row(c[0], c[1], Row.DITHER).median();
      line(md, c[0].substring(0, 2) + " " + c[1] + ": threads(2) ≥ 1.7× one thread", String.format(Locale.ROOT, "%.2f×", r),
          r >= 1.7);
    }
    double p50 = row(PeerBenchmarks.W3, "hard-tanh, batch 1", Row.DITHER).median();
    line(md, "W3 p50 ≤ 15 µs", String.format(Locale.ROOT, "%.1f µs", p50), p50 <= 15);
    double start = row(PeerBenchmarks.W4, "hard-tanh network", Row.DITHER).median();
    line(md, "W4 < 150 ms", String.format(Locale.ROOT, "%.0f ms", start), start < 150);
    return md.toString();
  }

  /** Dither's throughput in case {@code ditherCase} over {@code implementation}'s in {@code otherCase}. */
  private void ratio(StringBuilder md, String text, String workload, String ditherCase, String otherCase,
      String implementation, double atLeast) {
    double r = row(workload, ditherCase, Row.DITHER).median() / row(workload, otherCase, implementation).median();
    line(md, text, String.format(Locale.ROOT, "%.2f×", r), r >= atLeast);
  }

  private static void line(StringBuilder md, String text, String measured, boolean met) {
    md.append("| ").append(text).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**").append(" |\n");
  }

  private Row row(String workload, String label, String implementation) {
    return rows.stream().filter(r -> r.workload().equals(workload) && r.label().equals(label)
        && r.implementation().equals(implementation)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no row " + workload + " / " + label + " / " + implementation));
  }
}
