package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.Optimizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files of one configuration on Hadoop's local file system. */
class ConfigurationStoreTest {
  private static final Configuration CONFIG = Configuration.parse("lr=0.1,seed=3");

  private static ConfigurationStore store(Path dir) throws IOException {
    return new ConfigurationStore(dir.toUri().toString(), CONFIG, new org.apache.hadoop.conf.Configuration());
  }

  @Test
  void resultRoundTripsExactly(@TempDir Path dir) throws IOException {
    assertTrue(store(dir).result().isEmpty());
    Outcome outcome = new Outcome(CONFIG, Map.of("loss", 0.1 + 0.2), CONFIG.id() + "/checkpoint-7", true);
    store(dir).writeResult(outcome);
    Outcome read = store(dir).result().orElseThrow();
    assertEquals(outcome.metrics(), read.metrics());
    assertEquals(outcome.checkpoint(), read.checkpoint());
    assertEquals(false, read.trainedNow());
  }

  @Test
  void resultOfAnotherConfigurationIsRefused(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve(CONFIG.id()));
    Files.writeString(dir.resolve(CONFIG.id()).resolve("result"), "configuration=lr=0.2,seed=3\ncheckpoint=x\n");
    IOException e = assertThrows(IOException.class, () -> store(dir).result());
    assertTrue(e.getMessage().contains("records configuration 'lr=0.2,seed=3'"), e.getMessage());
    Files.writeString(dir.resolve(CONFIG.id()).resolve("result"), "configuration=lr=0.1,seed=3\ncheckpoint=x\nmetric.loss=abc\n");
    e = assertThrows(IOException.class, () -> store(dir).result());
    assertTrue(e.getMessage().contains("not a number"), e.getMessage());
  }

  @Test
  void checkpointsKeepOnlyTheLatestAndResumeFromIt(@TempDir Path dir) throws IOException {
    NoisyDenseModel model = new NoisyDenseModel(1).optimizer(Optimizers.sgd(0.1));
    ConfigurationStore store = store(dir);
    assertEquals(0, store.resume(model, new ProjectCheckpoint()));
    for (long step : new long[] {5, 10}) {
      model.position(step, step * 8);
      model.parameters().get("hidden.bias").set(0, step);
      store.checkpoint(model, new ProjectCheckpoint());
    }
    try (var files = Files.list(dir.resolve(CONFIG.id()))) {
      assertEquals(List.of("checkpoint-10"), files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".")).toList());
    }
    NoisyDenseModel resumed = new NoisyDenseModel(1).optimizer(Optimizers.sgd(0.1));
    assertEquals(10, store.resume(resumed, new ProjectCheckpoint()));
    assertEquals(80, resumed.examplesSeen());
    assertArrayEquals(model.parameters().get("hidden.weight").doubleValues(), resumed.parameters().get("hidden.weight").doubleValues());
    assertEquals(10.0, resumed.parameters().get("hidden.bias").get(0));
  }
}
