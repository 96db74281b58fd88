package dev.dither.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The results table of a sweep, one row per configuration in the order they were given, and
 * its best configuration by one metric. Numbers are written with {@code Double.toString}, which
 * reads back to the same double, so equal tables mean equal results.
 */
public final class SweepResult {
  /** Whether larger or smaller values of the chosen metric are better. */
  public enum Goal { MAXIMIZE, MINIMIZE }

  private final List<Outcome> rows;
  private final String metric;
  private final Goal goal;
  private final String directory;
  private final List<String> parameters;
  private final List<String> metrics;

  SweepResult(List<Outcome> rows, String metric, Goal goal, String directory) {
    this.rows = List.copyOf(rows);
    this.metric = metric;
    this.goal = goal;
    this.directory = directory;
    Set<String> p = new LinkedHashSet<>();
    Set<String> m = new LinkedHashSet<>();
    for (Outcome o : rows) {
      p.addAll(o.configuration().names());
      m.addAll(o.metrics().keySet());
    }
    if (!m.contains(metric)) {
      throw new IllegalArgumentException("no configuration reported the metric '" + metric + "'; metrics: " + m);
    }
    this.parameters = List.copyOf(p);
    this.metrics = List.copyOf(m);
  }

  /** One row per configuration, in the order the sweep was given them. */
  public List<Outcome> rows() {
    return rows;
  }

  /** The configurations this submission trained (the others had finished in an earlier one). */
  public List<Configuration> trainedNow() {
    return rows.stream().filter(Outcome::trainedNow).map(Outcome::configuration).toList();
  }

  /** The row with the best finite value of the metric; the earliest on a tie. */
  public Outcome best() {
    Outcome best = null;
    for (Outcome o : rows) {
      Double v = o.metrics().get(metric);
      if (v == null || !Double.isFinite(v)) {
        continue;
      }
      double b = best == null ? Double.NaN : best.metrics().get(metric);
      if (best == null || (goal == Goal.MAXIMIZE ? v > b : v < b)) {
        best = o;
      }
    }
    if (best == null) {
      throw new IllegalStateException("no configuration has a finite '" + metric + "'");
    }
    return best;
  }

  /** Where the best configuration's trained model is: a checkpoint file of the project's format. */
  public String bestCheckpoint() {
    return directory + "/" + best().checkpoint();
  }

  /** RFC 4180 CSV: id, each hyper-parameter, each metric, the checkpoint (relative to the sweep directory). */
  public String csv() {
    StringBuilder out = new StringBuilder();
    out.append(header().stream().map(SweepResult::csvField).collect(Collectors.joining(","))).append("\r\n");
    for (Outcome o : rows) {
      out.append(cells(o).stream().map(SweepResult::csvField).collect(Collectors.joining(","))).append("\r\n");
    }
    return out.toString();
  }

  /** The same table in Markdown, followed by the best configuration. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(markdownRow(header())).append(markdownRow(header().stream().map(h -> "---").toList()));
    for (Outcome o : rows) {
      out.append(markdownRow(cells(o)));
    }
    Outcome best = best();
    out.append(String.format(Locale.ROOT, "%nBest by %s (%s): %s (%s), checkpoint `%s`%n", metric,
        goal == Goal.MAXIMIZE ? "highest" : "lowest", best.configuration().id(), best.configuration(), best.checkpoint()));
    return out.toString();
  }

  private List<String> header() {
    List<String> h = new ArrayList<>();
    h.add("id");
    h.addAll(parameters);
    h.addAll(metrics);
    h.add("checkpoint");
    return h;
  }

  private List<String> cells(Outcome o) {
    List<String> c = new ArrayList<>();
    c.add(o.configuration().id());
    for (String p : parameters) {
      c.add(o.configuration().values().getOrDefault(p, ""));
    }
    for (String m : metrics) {
      Double v = o.metrics().get(m);
      c.add(v == null ? "" : v.toString());
    }
    c.add(o.checkpoint());
    return c;
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String markdownRow(List<String> cells) {
    return "| " + cells.stream().map(c -> c.replace("|", "\\|")).collect(Collectors.joining(" | ")) + " |\n";
  }
}
