package dev.dither.samples.runner;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One experiment of the runner: it plans its training runs (one per variant and seed), and turns
 * their results into plots and a section of {@code results.md}.
 */
public interface Experiment {
  /** The name given to {@code --experiment}. */
  String name();

  String title();

  /** Whether the budget is counted in {@code --steps} or in {@code --epochs}. */
  BudgetUnit unit();

  /** The protocol's budget in {@link #unit()}s, used when none is given. */
  int defaultBudget();

  int defaultSeeds();

  /** How long the default protocol takes, said in the README and in results.md. */
  String expectedTime();

  /** The runs to do, each owning its networks, so that they can run on separate threads. */
  List<PlannedRun> plan(Settings settings) throws IOException;

  /**
   * Writes the plots into {@code directory} and returns this experiment's section of results.md
   * (Markdown, image links relative to the folder that holds {@code directory}).
   */
  String report(Settings settings, List<RunResult> results, Path directory) throws IOException;

  enum BudgetUnit {
    STEPS,
    EPOCHS;

    public String option() {
      return this == STEPS ? "--steps" : "--epochs";
    }
  }

  /** A run still to do: {@code work} units of progress (steps or examples) done by {@code body}. */
  record PlannedRun(String variant, long seed, long work, Body body) {}

  @FunctionalInterface
  interface Body {
    RunResult run(Progress progress) throws Exception;
  }
}
