package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.Trainable;
import dev.dither.spark.samples.ParitySweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's 12-configuration sweep of the saturated-start experiment, at a short budget, in
 * local[2]: the same table as training the configurations one by one in this process.
 */
class ParitySweepTest {
  private static final long STEPS = 120;

  @Test
  void sweepOnSparkGivesTheTableOfOneByOneRuns(@TempDir Path dir) throws Exception {
    List<Configuration> configurations = ParitySweep.configurations();
    assertEquals(12, configurations.size());
    ParitySweep.Parity experiment = new ParitySweep.Parity(STEPS);

    SweepResult onSpark = new Sweep<>(LocalSpark.context(), experiment, new ProjectCheckpoint(), dir.toUri().toString())
        .checkpointEvery(50)
        .run(configurations, "test accuracy", SweepResult.Goal.MAXIMIZE);

    List<Outcome> oneByOne = new ArrayList<>();
    for (Configuration c : configurations) {
      Trainable<float[], int[]> model = experiment.create(c);
      while (model.steps() < STEPS) {
        experiment.trainStep(model, c);
      }
      oneByOne.add(new Outcome(c, experiment.evaluate(model, c), c.id() + "/checkpoint-" + STEPS, true));
    }
    SweepResult inProcess = new SweepResult(oneByOne, "test accuracy", SweepResult.Goal.MAXIMIZE, dir.toUri().toString());

    assertEquals(inProcess.csv(), onSpark.csv());
    assertEquals(inProcess.markdown(), onSpark.markdown());
    assertEquals(configurations, onSpark.trainedNow());
    assertEquals(onSpark.csv(), Files.readString(dir.resolve("results.csv")));
    assertEquals(onSpark.markdown(), Files.readString(dir.resolve("results.md")));
    Outcome best = onSpark.best();
    assertTrue(Files.exists(dir.resolve(best.checkpoint())), best.checkpoint());
    assertTrue(onSpark.bestCheckpoint().endsWith(best.checkpoint()));
    // Only the final checkpoint of each configuration is kept.
    try (var files = Files.list(dir.resolve(best.configuration().id()))) {
      assertEquals(List.of("checkpoint-" + STEPS, "result"),
          files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList());
    }
  }
}
