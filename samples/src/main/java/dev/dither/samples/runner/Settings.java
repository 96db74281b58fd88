package dev.dither.samples.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * What the command line asked for, resolved against the experiment's defaults: the seeds, the
 * budget in the experiment's unit, the number of threads, the output folder and the data folder.
 */
public record Settings(List<Long> seeds, int budget, int threads, Path out, Path data) {
  public Settings {
    seeds = List.copyOf(seeds);
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("at least one seed is needed");
    }
    if (budget < 1) {
      throw new IllegalArgumentException("the budget must be at least 1, got " + budget);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
  }
}
