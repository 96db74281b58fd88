package dev.dither.samples.runner;

import dev.dither.samples.Experiments;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;

/**
 * Runs one experiment: its planned runs on the requested threads with a shared progress sink,
 * then writes into {@code out/<experiment>/} the configuration (seeds, budget, Dither version,
 * git commit, command), every run's metrics and curve as CSV, the plots and its section of
 * results.md, and rebuilds {@code out/results.md} from the sections present.
 */
public final class Runner {
  private final List<Experiment> registry;
  private final PrintStream out;

  public Runner(List<Experiment> registry, PrintStream out) {
    this.registry = List.copyOf(registry);
    this.out = out;
  }

  /** Runs the experiment and returns its results in plan order (seed-major). */
  public List<RunResult> run(Experiment experiment, Settings settings, String command,
      LongFunction<ProgressSink> progress) throws IOException {
    String commit = RunInfo.gitCommit();
    List<Experiment.PlannedRun> plan = experiment.plan(settings);
    long work = plan.stream().mapToLong(Experiment.PlannedRun::work).sum();
    out.printf(Locale.ROOT, "%s: %d runs (%d seeds), %s %d, %d threads%n", experiment.title(), plan.size(),
        settings.seeds().size(), experiment.unit().option(), settings.budget(), settings.threads());
    long start = System.nanoTime();
    List<RunResult> results;
    try (ProgressSink sink = progress.apply(work)) {
      List<Callable<RunResult>> tasks = new ArrayList<>();
      for (Experiment.PlannedRun run : plan) {
        tasks.add(() -> run.body().run(sink::advance));
      }
      results = Experiments.runAll(tasks, settings.threads());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Path dir = settings.out().resolve(experiment.name());
    Files.createDirectories(dir);
    writeConfig(dir.resolve("config.properties"), experiment, settings, command, commit, seconds);
    writeRuns(dir.resolve("runs.csv"), results);
    writeCurves(dir.resolve("curves.csv"), results);
    String section = experiment.report(settings, results, dir);
    Files.writeString(dir.resolve("section.md"), section(experiment, settings, command, commit, seconds, section),
        StandardCharsets.UTF_8);
    writeResults(settings.out());
    out.println();
    out.print(summary(results));
    out.printf(Locale.ROOT, "Wall time %.1f s; results in %s%n", seconds, dir);
    return results;
  }

  /**
   * Writes the plots and section of an experiment again, with this code's report, from the runs
   * a previous invocation saved in {@code out/<experiment>/} (config.properties, runs.csv,
   * curves.csv); trains nothing. The section keeps that invocation's command, seeds, budget,
   * wall time and commit. Per-unit arrays are not saved, so experiments whose plots need them
   * cannot be rebuilt this way.
   */
  public void rebuild(Experiment experiment, Path outDir) throws IOException {
    Path dir = outDir.resolve(experiment.name());
    Properties config = SavedRuns.config(dir);
    Settings settings = new Settings(SavedRuns.seeds(config),
        Integer.parseInt(config.getProperty(experiment.unit().option().substring(2))),
        Integer.parseInt(config.getProperty("threads")), outDir, null);
    java.util.Map<String, java.util.Map<String, Double>> metrics = new java.util.LinkedHashMap<>();
    List<String> runLines = Files.readAllLines(dir.resolve("runs.csv"), StandardCharsets.UTF_8);
    for (String line : runLines.subList(1, runLines.size())) {
      String[] f = line.split(",");
      metrics.computeIfAbsent(f[0] + "," + f[1], k -> new java.util.LinkedHashMap<>()).put(f[2],
          Double.parseDouble(f[3]));
    }
    java.util.Map<String, List<RunResult.CurvePoint>> curves = new java.util.HashMap<>();
    List<String> curveLines = Files.readAllLines(dir.resolve("curves.csv"), StandardCharsets.UTF_8);
    for (String line : curveLines.subList(1, curveLines.size())) {
      String[] f = line.split(",");
      curves.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(new RunResult.CurvePoint(
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])));
    }
    List<RunResult> results = new ArrayList<>();
    for (java.util.Map.Entry<String, java.util.Map<String, Double>> run : metrics.entrySet()) {
      String[] key = run.getKey().split(",");
      java.util.Map<String, Double> m = new java.util.LinkedHashMap<>(run.getValue());
      Double seconds = m.remove("seconds");
      results.add(new RunResult(key[0], Long.parseLong(key[1]), m, curves.getOrDefault(run.getKey(), List.of()),
          java.util.Map.of(), seconds == null ? Double.NaN : seconds));
    }
    String section = experiment.report(settings, results, dir);
    double wall = Double.parseDouble(config.getProperty("wall.seconds", "NaN"));
    Files.writeString(dir.resolve("section.md"), section(experiment, settings, config.getProperty("command"),
        config.getProperty("git.commit"), wall, section), StandardCharsets.UTF_8);
    writeResults(outDir);
    out.print(summary(results));
  }

  /**
   * Joins into {@code out/<experiment>/} the saved runs of the experiment found in each
   * {@code other/<experiment>/} (other seeds of the same budget, see {@link SavedRuns}), then
   * rebuilds its plots and section as {@link #rebuild} does.
   */
  public void merge(Experiment experiment, Path outDir, List<Path> others) throws IOException {
    List<Path> parts = others.stream().map(o -> o.resolve(experiment.name())).toList();
    SavedRuns.merge(experiment, outDir.resolve(experiment.name()), parts);
    rebuild(experiment, outDir);
  }

  /** The progress bar (or nothing) for {@code work} units; closed when the runs are done. */
  public interface ProgressSink extends AutoCloseable {
    void advance(long units);

    @Override
    void close();
  }

  /** Every metric of every variant, mean ± std over seeds, and the mean wall time per run. */
  static String summary(List<RunResult> results) {
    Set<String> variants = new LinkedHashSet<>();
    Set<String> metrics = new LinkedHashSet<>();
    for (RunResult r : results) {
      variants.add(r.variant());
      metrics.addAll(r.metrics().keySet());
    }
    StringBuilder s = new StringBuilder("| variant | seeds |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (String m : metrics) {
      s.append(' ').append(m).append(" |");
      rule.append("---|");
    }
    s.append(" s per run |\n").append(rule).append("---|\n");
    for (String v : variants) {
      List<RunResult> runs = results.stream().filter(r -> r.variant().equals(v)).toList();
      s.append("| ").append(v).append(" | ").append(runs.size()).append(" |");
      for (String m : metrics) {
        double[] values = runs.stream().filter(r -> r.metrics().containsKey(m)).mapToDouble(r -> r.metric(m)).toArray();
        s.append(' ').append(values.length == 0 ? "-" : Reports.meanStd(values, "%.4f")).append(" |");
      }
      s.append(String.format(Locale.ROOT, " %.1f |%n", Reports.mean(Reports.seconds(results, v))));
    }
    return s.toString();
  }

  private static String section(Experiment e, Settings settings, String command, String commit, double seconds,
      String body) {
    return String.format(Locale.ROOT, "## %s%n%n```sh%n%s%n```%n%nSeeds %s, %s %d, %d threads; wall time %.1f min"
        + " (default protocol: %s seeds, %s %d; %s). Dither %s, commit %s.%n%n%s%n", e.title(), command,
        settings.seeds(), e.unit().option().substring(2), settings.budget(), settings.threads(), seconds / 60,
        e.defaultSeeds(), e.unit().option().substring(2), e.defaultBudget(), e.expectedTime(),
        RunInfo.ditherVersion(), commit, smaller(e, settings) + body);
  }

  /** Says so plainly when a run is smaller than its experiment's protocol. */
  static String smaller(Experiment e, Settings settings) {
    if (settings.seeds().size() >= e.defaultSeeds() && settings.budget() >= e.defaultBudget()) {
      return "";
    }
    String unit = e.unit().option().substring(2);
    List<String> what = new ArrayList<>();
    if (settings.seeds().size() < e.defaultSeeds()) {
      what.add(String.format(Locale.ROOT, "%d seed%s instead of %d", settings.seeds().size(),
          settings.seeds().size() == 1 ? "" : "s", e.defaultSeeds()));
    }
    if (settings.budget() < e.defaultBudget()) {
      what.add(String.format(Locale.ROOT, "%d %s instead of %d", settings.budget(), unit, e.defaultBudget()));
    }
    return String.format(Locale.ROOT, "**Smaller than the protocol:** %s; the numbers below are from this smaller"
        + " run, not from the protocol. Rerun the command with the defaults for the full protocol.%n%n",
        String.join(", ", what));
  }

  /** Rebuilds results.md from the sections of the registered experiments found under {@code out}. */
  void writeResults(Path outDir) throws IOException {
    StringBuilder md = new StringBuilder("# Results\n\n"
        + "Written by the experiment runner (`dev.dither.samples.runner.DitherExperiments`) from the runs in the"
        + " folders beside this file; do not edit by hand: rerun the command of a section to regenerate it. Each"
        + " folder holds the run's `config.properties` (seeds, budget, Dither version, git commit, command),"
        + " `runs.csv`, `curves.csv` and the plots.\n\n");
    for (Experiment e : registry) {
      Path section = outDir.resolve(e.name()).resolve("section.md");
      if (Files.isRegularFile(section)) {
        md.append(Files.readString(section, StandardCharsets.UTF_8)).append('\n');
      }
    }
    Files.writeString(outDir.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
  }

  private static void writeConfig(Path file, Experiment e, Settings settings, String command, String commit,
      double seconds) throws IOException {
    Properties p = new Properties();
    p.setProperty("experiment", e.name());
    p.setProperty("seeds", settings.seeds().toString());
    p.setProperty(e.unit().option().substring(2), Integer.toString(settings.budget()));
    p.setProperty("threads", Integer.toString(settings.threads()));
    p.setProperty("data", String.valueOf(settings.data()));
    p.setProperty("command", command);
    p.setProperty("dither.version", RunInfo.ditherVersion());
    p.setProperty("git.commit", commit);
    p.setProperty("java.version", System.getProperty("java.version"));
    p.setProperty("finished", Instant.now().toString());
    p.setProperty("wall.seconds", String.format(Locale.ROOT, "%.1f", seconds));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Dither experiment runner: what produced the results in this folder");
    }
  }

  private static void writeRuns(Path file, List<RunResult> results) throws IOException {
    StringBuilder csv = new StringBuilder("variant,seed,metric,value\n");
    for (RunResult r : results) {
      r.metrics().forEach((m, v) -> csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.17g%n", r.variant(), r.seed(),
          m, v)));
      csv.append(String.format(Locale.ROOT, "%s,%d,seconds,%.3f%n", r.variant(), r.seed(), r.seconds()));
    }
    Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
  }

  private static void writeCurves(Path file, List<RunResult> results) throws IOException {
    StringBuilder csv = new StringBuilder("variant,seed,x,loss,accuracy\n");
    for (RunResult r : results) {
      for (RunResult.CurvePoint c : r.curve()) {
        csv.append(String.format(Locale.ROOT, "%s,%d,%s,%.17g,%.17g%n", r.variant(), r.seed(), c.x(), c.loss(),
            c.accuracy()));
      }
    }
    Files.writeString(file, csv.toString(), StandardCharsets.UTF_8);
  }
}
