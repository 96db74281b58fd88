package dev.dither.samples.runner;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Joins the saved runs of separate invocations of one experiment (other seeds, the same budget)
 * into one folder, so that a protocol's seeds can be run at different times. Nothing is
 * recomputed: the runs' lines are copied, and the configuration keeps every invocation's command
 * (one per line), commit and wall time, so that results.md says what produced each number.
 */
final class SavedRuns {
  private SavedRuns() {}

  /**
   * Writes into {@code target} the runs of {@code target} and of every folder of {@code others}
   * (each as {@link Runner#run} leaves it), in seed order; refuses folders of another experiment
   * or budget, or that repeat a seed, before writing anything.
   */
  static void merge(Experiment experiment, Path target, List<Path> others) throws IOException {
    List<Path> parts = new ArrayList<>();
    parts.add(target);
    parts.addAll(others);
    String budgetKey = experiment.unit().option().substring(2);
    List<Properties> configs = new ArrayList<>();
    Set<Long> seeds = new TreeSet<>();
    for (Path part : parts) {
      Properties config = config(part);
      if (!experiment.name().equals(config.getProperty("experiment"))) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s holds runs of '%s', not of '%s'", part,
            config.getProperty("experiment"), experiment.name()));
      }
      String budget = configs.isEmpty() ? null : configs.get(0).getProperty(budgetKey);
      if (budget != null && !budget.equals(config.getProperty(budgetKey))) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s ran %s %s but %s ran %s %s; only runs of"
            + " the same budget can be joined", part, budgetKey, config.getProperty(budgetKey), parts.get(0), budgetKey,
            budget));
      }
      for (long seed : seeds(config)) {
        if (!seeds.add(seed)) {
          throw new IllegalArgumentException(String.format(Locale.ROOT, "seed %d is in %s and in an earlier folder;"
              + " each seed can come from one invocation only", seed, part));
        }
      }
      configs.add(config);
    }
    List<String> runs = joined(parts, "runs.csv");
    List<String> curves = joined(parts, "curves.csv");
    Files.write(target.resolve("runs.csv"), runs, StandardCharsets.UTF_8);
    Files.write(target.resolve("curves.csv"), curves, StandardCharsets.UTF_8);
    writeConfig(target.resolve("config.properties"), configs, seeds, budgetKey);
  }

  static Properties config(Path dir) throws IOException {
    Properties config = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("config.properties"), StandardCharsets.UTF_8)) {
      config.load(r);
    }
    return config;
  }

  static List<Long> seeds(Properties config) {
    List<Long> seeds = new ArrayList<>();
    for (String seed : config.getProperty("seeds").replaceAll("[\\[\\] ]", "").split(",")) {
      seeds.add(Long.parseLong(seed));
    }
    return seeds;
  }

  /** The header of the first file, then every part's lines, stably sorted by seed (the second column). */
  private static List<String> joined(List<Path> parts, String file) throws IOException {
    List<String> header = null;
    List<String> lines = new ArrayList<>();
    for (Path part : parts) {
      List<String> all = Files.readAllLines(part.resolve(file), StandardCharsets.UTF_8);
      if (header == null) {
        header = all.subList(0, 1);
      } else if (!header.equals(all.subList(0, 1))) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s starts with %s, not with %s",
            part.resolve(file), all.get(0), header.get(0)));
      }
      lines.addAll(all.subList(1, all.size()));
    }
    lines.sort(Comparator.comparingLong(line -> Long.parseLong(line.split(",")[1])));
    List<String> result = new ArrayList<>(header);
    result.addAll(lines);
    return result;
  }

  private static void writeConfig(Path file, List<Properties> configs, Set<Long> seeds, String budgetKey)
      throws IOException {
    Properties first = configs.get(0);
    Properties p = new Properties();
    p.setProperty("experiment", first.getProperty("experiment"));
    p.setProperty("seeds", seeds.toString());
    p.setProperty(budgetKey, first.getProperty(budgetKey));
    p.setProperty("threads", Integer.toString(configs.stream()
        .mapToInt(c -> Integer.parseInt(c.getProperty("threads"))).max().orElseThrow()));
    p.setProperty("data", first.getProperty("data", "null"));
    p.setProperty("command", joinedValues(configs, "command", "\n"));
    p.setProperty("dither.version", joinedValues(configs, "dither.version", ", "));
    p.setProperty("git.commit", joinedValues(configs, "git.commit", ", "));
    p.setProperty("java.version", joinedValues(configs, "java.version", ", "));
    p.setProperty("finished", joinedValues(configs, "finished", ", "));
    p.setProperty("wall.seconds", String.format(Locale.ROOT, "%.1f", configs.stream()
        .mapToDouble(c -> Double.parseDouble(c.getProperty("wall.seconds", "NaN"))).sum()));
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Dither experiment runner: runs of separate invocations joined (their commands one per line)");
    }
  }

  /** The distinct values of {@code key}, in the order of the parts. */
  private static String joinedValues(List<Properties> configs, String key, String separator) {
    Set<String> values = new LinkedHashSet<>();
    configs.forEach(c -> values.add(c.getProperty(key, "unknown")));
    return String.join(separator, values);
  }
}
