package dev.dither.samples.runner;

import dev.dither.samples.exploratory.Exploratory;
import dev.dither.samples.fashion.FashionMnist;
import dev.dither.samples.parity.SaturatedStart;
import dev.dither.samples.recall.RecallExperiment;
import dev.dither.samples.unique.UniqueCountExperiment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The experiment runner's command line: see {@code --help}. */
@Command(name = "dither-experiments", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains the networks of one or more experiments over several seeds, prints a summary table and"
        + " writes the configuration, CSV results, PNG plots and results.md into --out.")
public final class DitherExperiments implements Callable<Integer> {
  /** Every experiment, in the order of results.md. */
  static List<Experiment> registry() {
    return List.of(new FashionMnist(), new Exploratory(), new SaturatedStart(), new UniqueCountExperiment(),
        new RecallExperiment());
  }

  @Spec CommandSpec spec;

  @Option(names = "--experiment", split = ",", paramLabel = "NAME",
      description = "Experiment(s) to run, comma-separated: ${COMPLETION-CANDIDATES}.",
      completionCandidates = Names.class)
  List<String> experiments;

  @Option(names = "--seeds", paramLabel = "N|S1,S2,...",
      description = "A count N (seeds 1..N) or a comma-separated list of seeds; default: the experiment's.")
  String seeds;

  @Option(names = "--steps", paramLabel = "N", description = "Training steps per run (experiments counted in steps).")
  Integer steps;

  @Option(names = "--epochs", paramLabel = "N", description = "Epochs per run (experiments counted in epochs).")
  Integer epochs;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
      description = "Runs trained at once, one thread each (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/experiments",
      description = "Output folder; each experiment writes DIR/<name>/ and DIR/results.md (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--data", paramLabel = "DIR",
      description = "Folder of the Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist).")
  Path data;

  @Option(names = "--no-progress", description = "No progress bar (for logs).")
  boolean noProgress;

  @Option(names = "--rebuild-results",
      description = "Train nothing: rebuild DIR/results.md from the experiment folders already in --out DIR, and"
          + " with --experiment also those experiments' plots and sections from their saved runs.")
  boolean rebuildResults;

  @Option(names = "--merge-from", paramLabel = "OTHER",
      description = "With --rebuild-results and one --experiment NAME: first join into the --out folder's NAME/ the"
          + " runs saved in OTHER/NAME/ by another invocation with the same budget and other seeds (repeatable).")
  List<Path> mergeFrom;

  private final List<Experiment> registry;

  public DitherExperiments() {
    this(registry());
  }

  DitherExperiments(List<Experiment> registry) {
    this.registry = registry;
  }

  public static void main(String[] args) {
    int code = new CommandLine(new DitherExperiments()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    if (mergeFrom != null && (!rebuildResults || experiments == null || experiments.size() != 1)) {
      throw new ParameterException(spec.commandLine(), "--merge-from needs --rebuild-results and one --experiment");
    }
    if (rebuildResults) {
      Runner runner = new Runner(registry, System.out);
      if (mergeFrom != null) {
        try {
          runner.merge(chosen().get(0), out, mergeFrom);
        } catch (IllegalArgumentException e) {
          throw new ParameterException(spec.commandLine(), e.getMessage());
        }
      } else if (experiments != null) {
        for (Experiment e : chosen()) {
          runner.rebuild(e, out);
        }
      }
      runner.writeResults(out);
      System.out.println("rebuilt " + out.resolve("results.md"));
      return 0;
    }
    if (experiments == null) {
      throw new ParameterException(spec.commandLine(), "Missing required option: '--experiment=NAME'");
    }
    List<Experiment> chosen = chosen();
    String command = command();
    List<Settings> settings = new ArrayList<>();
    for (Experiment e : chosen) {
      settings.add(settings(e));
    }
    Runner runner = new Runner(registry, System.out);
    for (int i = 0; i < chosen.size(); i++) {
      runner.run(chosen.get(i), settings.get(i), command, this::progressBar);
    }
    return 0;
  }

  List<Experiment> chosen() {
    List<Experiment> chosen = new ArrayList<>();
    for (String name : experiments) {
      Experiment e = registry.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(
          () -> new ParameterException(spec.commandLine(), "unknown experiment '" + name + "'; known: "
              + registry.stream().map(Experiment::name).collect(Collectors.joining(", "))));
      if (steps != null && e.unit() != Experiment.BudgetUnit.STEPS
          || epochs != null && e.unit() != Experiment.BudgetUnit.EPOCHS) {
        throw new ParameterException(spec.commandLine(), String.format("experiment %s is counted in %s, not in %s",
            name, e.unit().option(), e.unit() == Experiment.BudgetUnit.STEPS ? "--epochs" : "--steps"));
      }
      chosen.add(e);
    }
    return chosen;
  }

  Settings settings(Experiment e) {
    Integer given = e.unit() == Experiment.BudgetUnit.STEPS ? steps : epochs;
    try {
      return new Settings(seedList(e), given == null ? e.defaultBudget() : given, threads, out, data);
    } catch (IllegalArgumentException ex) {
      throw new ParameterException(spec.commandLine(), ex.getMessage());
    }
  }

  List<Long> seedList(Experiment e) {
    if (seeds == null) {
      return range(e.defaultSeeds());
    }
    try {
      if (!seeds.contains(",")) {
        int n = Integer.parseInt(seeds.trim());
        if (n < 1) {
          throw new ParameterException(spec.commandLine(), "--seeds must be at least 1, got " + n);
        }
        return range(n);
      }
      List<Long> list = new ArrayList<>();
      for (String s : seeds.split(",")) {
        list.add(Long.parseLong(s.trim()));
      }
      if (list.stream().distinct().count() != list.size()) {
        throw new ParameterException(spec.commandLine(), "--seeds lists a seed twice: " + seeds);
      }
      return list;
    } catch (NumberFormatException ex) {
      throw new ParameterException(spec.commandLine(),
          "--seeds takes a count (e.g. 3) or a comma-separated list of seeds (e.g. 1,7,42), got '" + seeds + "'");
    }
  }

  private static List<Long> range(int n) {
    List<Long> list = new ArrayList<>();
    for (long s = 1; s <= n; s++) {
      list.add(s);
    }
    return list;
  }

  /** The arguments as given, in the form README's experiment command takes them. */
  private String command() {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "mvn -B -q -Pexperiments -pl samples -am verify -DskipTests -Dexperiment.args=\""
        + String.join(" ", args) + "\"";
  }

  private Runner.ProgressSink progressBar(long work) {
    if (noProgress) {
      return new Runner.ProgressSink() {
        @Override
        public void advance(long units) {}

        @Override
        public void close() {}
      };
    }
    ProgressBar bar = new ProgressBarBuilder().setTaskName("training").setInitialMax(work)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(1000).build();
    return new Runner.ProgressSink() {
      @Override
      public void advance(long units) {
        bar.stepBy(units);
      }

      @Override
      public void close() {
        bar.close();
      }
    };
  }

  /** The names for {@code --help}. */
  static final class Names extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Names() {
      registry().forEach(e -> add(e.name()));
    }
  }
}
