package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.SaveHooks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM killed in the middle of a save leaves the previous checkpoint intact and loadable. */
class CrashDuringSaveTest {
  private static final int HALTED = 3;

  @TempDir Path dir;

  /** In the forked JVM: saves a checkpoint (and a copy), trains on, dies halfway through the next save. */
  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    PersistDenseModel model = Runs.dense();
    Runs.trainDense(model, 5);
    model.saveCheckpoint(file);
    model.saveCheckpoint(Path.of(args[1]));
    Runs.trainDense(model, 5);
    SaveHooks.haltHalfway(HALTED);
    model.saveCheckpoint(file);
    System.exit(0); // not reached: the save halts the JVM
  }

  @Test
  void killedHalfwayThroughASaveThePreviousCheckpointLoads() throws Exception {
    Path file = dir.resolve("model.safetensors");
    Path copy = dir.resolve("copy.safetensors");
    ChildJvm.Result r = ChildJvm.run(120, List.of(), CrashDuringSaveTest.class, file.toString(), copy.toString());
    assertEquals(HALTED, r.exitCode(), "the child should have died in the middle of the save: " + r.output());

    // The half-written temporary file is the evidence that the save was interrupted mid-way.
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> partial = files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertEquals(1, partial.size(), "one partial temporary file: " + partial);
      long size = Files.size(partial.get(0));
      assertTrue(size > 0 && size < Files.size(file), "partial file of " + size + " bytes");
    }
    assertArrayEquals(Files.readAllBytes(copy), Files.readAllBytes(file), "the previous checkpoint is untouched");
    PersistDenseModel model = Runs.dense();
    model.loadCheckpoint(file);
    assertEquals(5, model.steps());
    Runs.trainDense(model, 1); // and training goes on from it
  }
}
