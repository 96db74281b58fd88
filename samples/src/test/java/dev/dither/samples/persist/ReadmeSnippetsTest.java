package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.TorchWeights;
import dev.dither.samples.resume.ParityNetModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java snippets of the README's "Saving, loading and serving" and "Training on several cores": the blocks between
 * {@code README begin} and {@code README end} below are in the README word for word, and they run,
 * in a JVM whose working directory is a temporary one (they use relative paths).
 */
class ReadmeSnippetsTest {
  @TempDir Path dir;

  @Test
  void theSnippetsRun() throws Exception {
    for (String[] fixture : new String[][] {{"mlp_6_5_3", "mlp"}, {"lstm_3_4", "lstm"}}) {
      try (InputStream in = ReadmeSnippetsTest.class.getResourceAsStream("/safetensors/" + fixture[0] + ".safetensors")) {
        Files.copy(in, dir.resolve(fixture[1] + ".safetensors"));
      }
    }
    ChildJvm.Result r = ChildJvm.run(dir, 120, List.of(), ReadmeSnippetsTest.class);
    assertEquals(0, r.exitCode(), r.output());
  }

  @Test
  void theSnippetsAreTheReadmes() throws IOException {
    String readme = Files.readString(Path.of("../README.md"));
    String source = Files.readString(Path.of("src/test/java/dev/dither/samples/persist/ReadmeSnippetsTest.java"));
    int blocks = 0;
    for (int at = source.indexOf("// README begin\n"); at >= 0; at = source.indexOf("// README begin\n", at + 1)) {
      String block = source.substring(source.indexOf('\n', at) + 1, source.indexOf("    // README end", at));
      String unindented = block.replaceAll("(?m)^    ", "");
      assertTrue(readme.contains(unindented), "the README does not contain:\n" + unindented);
      blocks++;
    }
    assertEquals(3, blocks);
  }

  public static void main(String[] args) throws IOException {
    ParityNetModel net = new ParityNetModel(42)
        .optimizer(Optimizers.adam(1e-3))
        .noiseSchedule("hidden", AnnealingSchedules.paper(30, 200, 0.5))
        .gradientClipping(5);
    net.trainStep(new float[16], new int[] {1});
    saving(net);
    multicore(net);
    TorchMlpModel mlp = new TorchMlpModel(1);
    TorchLstmModel lstmNet = new TorchLstmModel(1);
    importing(mlp, lstmNet);
  }

  private static void saving(ParityNetModel net) throws IOException {
    // README begin
    net.saveCheckpoint(Path.of("parity.ckpt.safetensors"));   // weights + everything to resume exactly
    net.saveWeights(Path.of("parity.safetensors"));           // what inference needs, for deployment

    ParityNetModel resumed = new ParityNetModel(42)             // configured as the saved run was:
        .optimizer(Optimizers.adam(1e-3))                       // same optimizer kind and hyper-parameters,
        .noiseSchedule("hidden", AnnealingSchedules.paper(30, 200, 0.5))   // schedules and clipping
        .gradientClipping(5);
    resumed.loadCheckpoint(Path.of("parity.ckpt.safetensors")); // continues bit for bit

    ParityNetModel deployed = new ParityNetModel(0);
    deployed.loadWeights(Path.of("parity.safetensors"));       // NAH's c is fixed at the level saved
    // README end
  }

  private static void multicore(ParityNetModel net) {
    // README begin
    net.threads(2);                 // from now on each step uses 2 cores: the same bits as on one
    float[] inputs = new float[32 * ParityNetModel.INPUT_SIZE];
    int[] labels = new int[32];
    net.trainStep(inputs, labels);
    net.threads(1);                 // ends the worker thread
    // README end
  }

  private static void importing(TorchMlpModel mlp, TorchLstmModel lstmNet) throws IOException {
    // README begin
    TorchWeights.load(mlp, Path.of("mlp.safetensors"), Map.of(
        "0.weight", "hidden.weight", "0.bias", "hidden.bias", "2.weight", "out.weight", "2.bias", "out.bias"));
    TorchWeights.loadSome(lstmNet, Path.of("lstm.safetensors"), name -> "lstm." + name); // only these
    // README end
  }
}
