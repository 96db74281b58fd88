package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A task that throws mid-run is retried and resumes; a resubmitted sweep trains only what is left. */
class SweepRecoveryTest {
  private static final String METRIC = "loss";

  @BeforeEach
  void reset() {
    DenseExperiment.TRAINED.clear();
    DenseExperiment.FAILED.set(false);
  }

  private static SweepResult sweep(Path dir, DenseExperiment experiment, List<Configuration> configurations) {
    return new Sweep<>(LocalSpark.context(), experiment, new ProjectCheckpoint(), dir.toUri().toString())
        .checkpointEvery(5)
        .run(configurations, METRIC, SweepResult.Goal.MINIMIZE);
  }

  /** The table of training each configuration to the end in this process, without Spark. */
  private static String oneByOne(List<Configuration> configurations, Path dir) {
    DenseExperiment experiment = new DenseExperiment("", -1);
    List<Outcome> rows = new ArrayList<>();
    for (Configuration c : configurations) {
      NoisyDenseModel model = experiment.create(c);
      while (model.steps() < DenseExperiment.STEPS) {
        experiment.trainStep(model, c);
      }
      rows.add(new Outcome(c, experiment.evaluate(model, c), c.id() + "/checkpoint-" + DenseExperiment.STEPS, true));
    }
    return new SweepResult(rows, METRIC, SweepResult.Goal.MINIMIZE, dir.toUri().toString()).csv();
  }

  @Test
  void taskThatThrowsOnceIsRetriedFromItsLastCheckpoint(@TempDir Path dir) {
    List<Configuration> configurations = DenseExperiment.configurations();
    Configuration flaky = configurations.get(4);
    SweepResult result = sweep(dir, new DenseExperiment(flaky.id(), 12), configurations);

    assertTrue(DenseExperiment.FAILED.get(), "the failure was injected");
    List<String> trained = new ArrayList<>(DenseExperiment.TRAINED);
    DenseExperiment.TRAINED.clear();
    assertEquals(oneByOne(configurations, dir), result.csv());
    assertEquals(configurations, result.trainedNow());
    // The retry resumed from checkpoint-10: steps 0 to 9 ran once, 10 and 11 twice.
    assertEquals(1, Collections.frequency(trained, flaky.id() + "@0"));
    assertEquals(1, Collections.frequency(trained, flaky.id() + "@9"));
    assertEquals(2, Collections.frequency(trained, flaky.id() + "@10"));
    assertEquals(2, Collections.frequency(trained, flaky.id() + "@11"));
    assertEquals(1, Collections.frequency(trained, flaky.id() + "@12"));
    assertEquals(DenseExperiment.STEPS + 2, trained.stream().filter(s -> s.startsWith(flaky.id() + "@")).count());
  }

  @Test
  void resubmittedSweepTrainsOnlyWhatDidNotFinish(@TempDir Path dir) {
    List<Configuration> all = DenseExperiment.configurations();
    DenseExperiment experiment = new DenseExperiment("", -1);
    SweepResult first = sweep(dir, experiment, all.subList(0, 4));
    assertEquals(4 * DenseExperiment.STEPS, DenseExperiment.TRAINED.size());
    DenseExperiment.TRAINED.clear();

    SweepResult second = sweep(dir, experiment, all);
    assertEquals(all.subList(4, 6), second.trainedNow());
    assertEquals(2 * DenseExperiment.STEPS, DenseExperiment.TRAINED.size());
    assertEquals(first.rows().stream().map(Outcome::metrics).toList(),
        second.rows().subList(0, 4).stream().map(Outcome::metrics).toList());
    assertEquals(oneByOne(all, dir), second.csv());
    DenseExperiment.TRAINED.clear();

    SweepResult third = sweep(dir, experiment, all);
    assertEquals(List.of(), third.trainedNow());
    assertTrue(DenseExperiment.TRAINED.isEmpty(), "nothing trained: " + DenseExperiment.TRAINED);
    assertEquals(second.csv(), third.csv());
  }
}
