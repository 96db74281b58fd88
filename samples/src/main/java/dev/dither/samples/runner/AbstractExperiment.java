package dev.dither.samples.runner;

import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Experiment} whose description is fixed when it is built, so that each experiment
 * class holds only what is its own: its variants, its plan and its report.
 */
public abstract class AbstractExperiment implements Experiment {
  private final String name;
  private final String title;
  private final BudgetUnit unit;
  private final int defaultBudget;
  private final int defaultSeeds;
  private final String expectedTime;

  protected AbstractExperiment(String name, String title, BudgetUnit unit, int defaultBudget, int defaultSeeds,
      String expectedTime) {
    this.name = name;
    this.title = title;
    this.unit = unit;
    this.defaultBudget = defaultBudget;
    this.defaultSeeds = defaultSeeds;
    this.expectedTime = expectedTime;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final BudgetUnit unit() {
    return unit;
  }

  @Override
  public final int defaultBudget() {
    return defaultBudget;
  }

  @Override
  public final int defaultSeeds() {
    return defaultSeeds;
  }

  @Override
  public final String expectedTime() {
    return expectedTime;
  }

  /**
   * One run per seed and variant, each named after its variant, seeds outermost so that the runs
   * come in the order the experiments always planned them in.
   */
  protected static <V extends Enum<V>> List<PlannedRun> everySeedAndVariant(Settings settings, List<V> variants,
      long work, VariantBody<V> body) {
    List<PlannedRun> runs = new ArrayList<>();
    for (long seed : settings.seeds()) {
      for (V variant : variants) {
        runs.add(new PlannedRun(variant.name(), seed, work, progress -> body.run(variant, seed, progress)));
      }
    }
    return runs;
  }

  /** The training run of one variant and seed. */
  @FunctionalInterface
  protected interface VariantBody<V> {
    RunResult run(V variant, long seed, Progress progress) throws Exception;
  }
}
