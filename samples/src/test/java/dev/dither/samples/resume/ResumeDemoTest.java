package dev.dither.samples.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample runs end to end: its resume in a JVM of its own, then serving from several threads. */
class ResumeDemoTest {
  @TempDir Path dir;

  @Test
  void trainsResumesInASecondProcessAndServes() throws Exception {
    ResumeDemo.main(new String[] {"all", dir.toString()});
    assertTrue(Files.size(dir.resolve("parity.ckpt.safetensors")) > 0);
    ParityNetModel deployed = new ParityNetModel(1);
    deployed.loadWeights(dir.resolve("parity.safetensors"));
    ParityNetModel resumed = ResumeDemo.configured();
    resumed.loadCheckpoint(dir.resolve("parity.ckpt.safetensors"));
    assertEquals(ResumeDemo.STEPS, resumed.steps(), "the checkpoint of the first process");
  }
}
