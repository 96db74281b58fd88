package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.runtime.Optimizers;
import dev.dither.runtime.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedding and a GRU: PyTorch's names and shapes, and a checkpoint that restores everything. */
class TokenNetworkCheckpointTest {
  @TempDir Path dir;

  @Test
  void embeddingAndGruTensorsHavePyTorchsNamesAndTheCheckpointRoundTrips() throws IOException {
    PersistTokensModel model = new PersistTokensModel(5).optimizer(Optimizers.sgd(0.1, 0.9)).carryState(true);
    int[] tokens = {1, 2, 3, 4, 6, 5, 0, 1};
    int[] labels = {0, 1};
    for (int i = 0; i < 3; i++) {
      model.trainStep(tokens, labels);
    }
    Path file = dir.resolve("tokens.safetensors");
    model.saveCheckpoint(file);
    Map<String, String> shapes = new TreeMap<>();
    try (SafeTensors f = SafeTensors.open(file)) {
      f.tensors().values().forEach(t -> shapes.put(t.name(), t.dtype() + t.shapeString()));
    }
    assertEquals("F64[7, 3]", shapes.get("tokens.weight"), "nn.Embedding: [vocabulary][dimension]");
    assertEquals("F64[15, 3]", shapes.get("gru.weight_ih_l0"));
    assertEquals("F64[15, 5]", shapes.get("gru.weight_hh_l0"));
    assertEquals("F64[15]", shapes.get("gru.bias_hh_l0"));
    assertEquals("F64[15, 3]", shapes.get("optimizer.gru.weight_ih_l0.momentum_buffer"));
    assertEquals("F64[2, 5]", shapes.get("state.gru.h"), "carried state of the 2 examples");
    assertEquals("F64[]", shapes.get("noise.gru.reset.c"));

    PersistTokensModel restored = new PersistTokensModel(6).optimizer(Optimizers.sgd(0.1, 0.9));
    restored.loadCheckpoint(file);
    assertArrayEquals(Files.readAllBytes(file), Runs.checkpointBytes(restored, dir));
    model.trainStep(tokens, labels);
    restored.trainStep(tokens, labels);
    assertArrayEquals(Runs.checkpointBytes(model, dir), Runs.checkpointBytes(restored, dir));
  }
}
