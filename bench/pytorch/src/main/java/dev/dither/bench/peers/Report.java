package dev.dither.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** Writes a run's results: a markdown report, the raw rounds (TSV), and a PNG chart. */
final class Report {
  private final List<Row> rows;
  private final List<String> header;
  private final double peak;

  /** @param header lines describing the machine and the run, printed first */
  Report(List<Row> rows, List<String> header, double peakGflops) {
    this.rows = List.copyOf(rows);
    this.header = List.copyOf(header);
    this.peak = peakGflops;
  }

  void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("peers.md"), markdown());
    Files.writeString(dir.resolve("peers-raw.tsv"), raw());
    chart(dir.resolve("peers.png"));
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    for (String line : header) {
      md.append(line).append('\n');
    }
    Map<String, List<Row>> byWorkload = rows.stream()
        .collect(Collectors.groupingBy(Row::workload, LinkedHashMap::new, Collectors.toList()));
    md.append("\n### Against issue 7's targets\n\n").append(new Targets(rows, peak).markdown());
    for (Map.Entry<String, List<Row>> w : byWorkload.entrySet()) {
      Row first = w.getValue().get(0);
      md.append("\n### ").append(w.getKey()).append("\n\n");
      if (first.isLatency() && first.p99() != null) {
        md.append("| case | implementation | p50 (µs) | spread | p99 (µs) | GFLOP/s | % of peak | Dither ÷ this |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
      } else {
        md.append("| case | implementation | median (").append(first.unit()).append(") | spread | GFLOP/s | % of peak | Dither ÷ this |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|\n");
      }
      for (Row r : w.getValue()) {
        Row dither = dither(r);
        md.append("| ").append(r.label()).append(" | ").append(r.implementation())
            .append(r.note().isEmpty() ? "" : " (" + r.note() + ")")
            .append(" | ").append(number(r.median()))
            .append(" | ±").append(String.format(Locale.ROOT, "%.1f%%", 100 * Measure.spread(r.rounds())));
        if (r.p99() != null) {
          md.append(" | ").append(number(Measure.median(r.p99())));
        }
        double g = r.gflops();
        md.append(" | ").append(Double.isNaN(g) ? "–" : String.format(Locale.ROOT, "%.2f", g))
            .append(" | ").append(Double.isNaN(g) ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * g / peak))
            .append(" | ").append(dither == null ? "–" : String.format(Locale.ROOT, "%.2f×", r.ditherSpeedup(dither)))
            .append(" |\n");
      }
    }
    return md.toString();
  }

  /** The Dither row of {@code row}'s case, or null. */
  private Row dither(Row row) {
    return rows.stream()
        .filter(r -> r.workload().equals(row.workload()) && r.label().equals(row.label())
            && r.implementation().equals(Row.DITHER))
        .findFirst().orElse(null);
  }

  private static String number(double v) {
    return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  String raw() {
    StringBuilder tsv = new StringBuilder("workload\tcase\timplementation\tnote\tunit\tround\tvalue\tp99\tflops\n");
    for (Row r : rows) {
      for (int i = 0; i < r.rounds().length; i++) {
        tsv.append(String.join("\t", r.workload(), r.label(), r.implementation(), r.note(), r.unit(),
            Integer.toString(i + 1), Double.toString(r.rounds()[i]),
            r.p99() == null ? "" : Double.toString(r.p99()[i]), Double.toString(r.flops()))).append('\n');
      }
    }
    return tsv.toString();
  }

  /** Speed relative to Dither's (Dither = 1, higher is faster) for every case with a Dither row. */
  private void chart(Path file) throws IOException {
    List<String> cases = new ArrayList<>();
    for (Row r : rows) {
      String name = shortName(r);
      if (r.implementation().equals(Row.DITHER) && !cases.contains(name)) {
        cases.add(name);
      }
    }
    CategoryChart chart = new CategoryChartBuilder().width(1400).height(640)
        .title("Speed relative to Dither's generated code (Dither = 1, higher is faster; one run)")
        .yAxisTitle("× Dither's speed").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisLabelRotation(30);
    chart.getStyler().setYAxisLogarithmic(true);
    for (String implementation : List.of(Row.DITHER, Row.DITHER_THREADS, Row.JAVA, Row.PYTORCH)) {
      List<Double> values = new ArrayList<>();
      for (String c : cases) {
        Row r = rows.stream().filter(x -> shortName(x).equals(c) && x.implementation().equals(implementation))
            .findFirst().orElse(null);
        Row d = rows.stream().filter(x -> shortName(x).equals(c) && x.implementation().equals(Row.DITHER))
            .findFirst().orElseThrow();
        // XChart needs a positive value on a log axis: a tiny bar stands for "not measured".
        values.add(r == null ? 1e-3 : 1 / r.ditherSpeedup(d));
      }
      chart.addSeries(implementation, cases, values);
    }
    chart.getStyler().setYAxisMin(0.01);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static String shortName(Row r) {
    return r.workload().substring(0, 2) + " " + r.label();
  }
}
