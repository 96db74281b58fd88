package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.Checkpoints;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.SafeTensors;
import dev.dither.runtime.WeightFileException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What saving and loading guarantee: weights restore NAH's evaluation output, and every bad file
 * is a {@link WeightFileException} saying what differs, after which the model is bit for bit as
 * it was (compared through the bytes of its checkpoint, which hold every bit of its state).
 */
class WeightFileErrorsTest {
  @TempDir Path dir;
  private Path weights;
  private Path checkpoint;
  /** The model that bad files are loaded into, trained so that its state is not the initial one. */
  private PersistDenseModel target;

  @BeforeEach
  void save() throws IOException {
    PersistDenseModel saved = Runs.dense();
    Runs.trainDense(saved, 10);
    weights = dir.resolve("weights.safetensors");
    checkpoint = dir.resolve("checkpoint.safetensors");
    saved.saveWeights(weights);
    saved.saveCheckpoint(checkpoint);
    target = Runs.dense();
    Runs.trainDense(target, 3);
  }

  @Test
  void weightsRestoreTheNahEvaluationOutputIncludingTheNoiseLevel() throws IOException {
    PersistDenseModel saved = Runs.dense();
    Runs.trainDense(saved, 10);
    float[] x = {0.5f, -1.5f, 2f, 0.1f, -0.3f, 1.2f, 3f, -2f, 0.7f, 0.2f, -0.9f, 1.9f};

    PersistDenseModel deployed = new PersistDenseModel(99);
    deployed.loadWeights(weights);
    assertArrayEquals(saved.infer(x), deployed.infer(x));
    assertEquals(saved.noiseLevel("hidden"), deployed.noiseLevel("hidden"));

    // The parameters alone are not enough: NAH's test-time output depends on c.
    PersistDenseModel parametersOnly = new PersistDenseModel(99);
    for (int i = 0; i < saved.parameters().count(); i++) {
      System.arraycopy(saved.parameters().get(i).floatValues(), 0, parametersOnly.parameters().get(i).floatValues(), 0,
          saved.parameters().get(i).size());
    }
    assertNotEquals(Arrays.toString(saved.infer(x)), Arrays.toString(parametersOnly.infer(x)));
  }

  @Test
  void weightsAreStoredInPyTorchLayout() throws IOException {
    PersistDenseModel saved = new PersistDenseModel(3);
    saved.saveWeights(weights);
    try (SafeTensors f = SafeTensors.open(weights)) {
      SafeTensors.Tensor w = f.tensors().get("hidden.weight");
      assertArrayEquals(new int[] {8, 6}, w.shape(), "[out][in] as nn.Linear.weight");
      double[] torch = f.doubles(w);
      // PyTorch's (unit 2, input 5) is Dither's stored (input 5, unit 2).
      assertEquals(saved.parameters().get("hidden.weight").get(5 * 8 + 2), torch[2 * 6 + 5]);
      assertEquals(Checkpoints.FORMAT_VERSION, f.metadata().get("dither.format_version"));
      assertEquals(64, f.metadata().get("dither.fingerprint").length());
    }
  }

  @Test
  void loadWeightsAcceptsACheckpoint() throws IOException {
    target.loadWeights(checkpoint);
    PersistDenseModel fromWeights = Runs.dense();
    fromWeights.loadWeights(weights);
    assertArrayEquals(fromWeights.parameters().get("hidden.weight").floatValues(),
        target.parameters().get("hidden.weight").floatValues());
  }

  @Test
  void loadCheckpointRefusesAWeightsFile() {
    assertRejected(target, weights, true, "a weights file", "loadCheckpoint needs a checkpoint");
  }

  @Test
  void anotherNetworkNamesTheLayerAndBothShapes() throws IOException {
    PersistWideModel wide = new PersistWideModel(1);
    assertRejected(wide, weights, false, "'hidden.weight'", "shape [8, 6]", "expects [9, 6]", "another network (fingerprint");
  }

  @Test
  void anotherDtypeIsNamed() {
    assertRejected(new PersistDenseDoubleModel(1), weights, false, "'hidden.weight' is F32, expected F64");
  }

  @Test
  void sameShapesButAnotherDescriptionIsAnotherNetwork() throws IOException {
    FileEdit e = FileEdit.of(weights);
    String other = e.metadata.get("dither.description").replace("HARD_TANH NAH", "HARD_TANH NAN");
    e.metadata.put("dither.description", other);
    e.metadata.put("dither.fingerprint", Checkpoints.fingerprint(other));
    assertRejected(target, e.write(dir.resolve("other.safetensors")), false, "another network", "fingerprint",
        "HARD_TANH NAN", "HARD_TANH NAH");
  }

  @Test
  void aFingerprintThatDoesNotMatchItsDescriptionIsCorrupt() throws IOException {
    FileEdit e = FileEdit.of(weights);
    e.metadata.put("dither.fingerprint", "0".repeat(64));
    assertRejected(target, e.write(dir.resolve("bad.safetensors")), false, "does not match the description");
  }

  @Test
  void missingAndExtraTensorsAreNamed() throws IOException {
    FileEdit missing = FileEdit.of(weights);
    missing.tensors.remove("logits.bias");
    assertRejected(target, missing.write(dir.resolve("missing.safetensors")), false, "missing tensor 'logits.bias'");

    FileEdit extra = FileEdit.of(weights);
    extra.tensors.put("extra.weight", extra.tensors.get("logits.bias"));
    assertRejected(target, extra.write(dir.resolve("extra.safetensors")), false, "extra tensor 'extra.weight'");
  }

  @Test
  void anotherFormatVersionIsRefused() throws IOException {
    FileEdit e = FileEdit.of(weights);
    e.metadata.put("dither.format_version", "2");
    assertRejected(target, e.write(dir.resolve("v2.safetensors")), false, "format version 2", "reads version 1");
  }

  @Test
  void aCorruptTensorIsACrcMismatchNamingIt() throws IOException {
    byte[] b = Files.readAllBytes(weights);
    long header = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    b[(int) (8 + header + 1)] ^= 4; // inside the first tensor, hidden.weight
    Path bad = Files.write(dir.resolve("flipped.safetensors"), b);
    assertRejected(target, bad, false, "CRC mismatch in tensor 'hidden.weight'");
  }

  @Test
  void aTruncatedFileSaysSo() throws IOException {
    byte[] b = Files.readAllBytes(weights);
    Path cut = Files.write(dir.resolve("cut.safetensors"), Arrays.copyOf(b, b.length - 10));
    assertRejected(target, cut, false, "truncated");
    Path tiny = Files.write(dir.resolve("tiny.safetensors"), Arrays.copyOf(b, 5));
    assertRejected(target, tiny, false, "5 bytes", "truncated");
  }

  @Test
  void headersThatLieAreRejectedWithoutAllocatingWhatTheyClaim() throws IOException {
    assertRejected(target, raw(Long.MAX_VALUE, "{}", 0), false, "header length says 9223372036854775807");
    assertRejected(target, raw(-1, "{}", 0), false, "header length says 18446744073709551615");
    String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    assertRejected(target, raw(-2, overlap, 12), false, "'a' [0, 8) and 'b' [4, 12) overlap");
    String beyond = "{\"a\":{\"dtype\":\"F32\",\"shape\":[250000000],\"data_offsets\":[0,1000000000]}}";
    assertRejected(target, raw(-2, beyond, 16), false, "go past the end of the data, which has 16 bytes");
    String huge = "{\"a\":{\"dtype\":\"F64\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}";
    assertRejected(target, raw(-2, huge, 8), false, "needs", "hold 8");
    String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
    assertRejected(target, raw(-2, gap, 8), false, "bytes [0, 4) belong to no tensor");
    assertRejected(target, raw(-2, "{\"a\":1,\"a\":2}", 0), false, "duplicate key");
  }

  @Test
  void nonFiniteWeightsAreRefused() throws IOException {
    FileEdit e = FileEdit.of(weights);
    FileEdit.Entry bias = e.tensors.get("hidden.bias");
    byte[] data = bias.data().clone();
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putFloat(4, Float.NaN);
    e.tensors.put("hidden.bias", new FileEdit.Entry(bias.dtype(), bias.shape(), data));
    assertRejected(target, e.write(dir.resolve("nan.safetensors")), false, "'hidden.bias' holds NaN at flat index 1");
  }

  @Test
  void aCheckpointNeedsTheSameConfigurationAndLoadsNothingOtherwise() {
    assertRejected(Runs.dense().optimizer(Optimizers.sgd(0.1, 0.9)), checkpoint, true,
        "optimizer Adam(betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0)", "this model has SGD(");
    assertRejected(Runs.dense().noiseSchedule(AnnealingSchedules.constant(0.5)), checkpoint, true,
        "noise site 'hidden' was at c = 1.7320508075688774 at step 10", "gives 0.5 there");
    assertRejected(Runs.dense().gradientClipping(1), checkpoint, true, "gradient clipping 0.0", "set to 1.0");
  }

  @Test
  void aDivergedModelIsNotSavedAndTheOldFileStays() throws IOException {
    byte[] before = Files.readAllBytes(weights);
    PersistDenseModel diverged = Runs.dense();
    diverged.parameters().get("logits.bias").floatValues()[1] = Float.POSITIVE_INFINITY;
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> diverged.saveWeights(weights));
    assertTrue(e.getMessage().contains("'logits.bias' holds Infinity"), e.getMessage());
    assertArrayEquals(before, Files.readAllBytes(weights));
  }

  /** A file with this header length field (the real one when negative), header text and data bytes. */
  private Path raw(long headerLength, String json, int dataBytes) throws IOException {
    byte[] text = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + text.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(headerLength < 0 && headerLength != -1 ? text.length : headerLength).put(text);
    return Files.write(Files.createTempFile(dir, "raw", ".safetensors"), b.array());
  }

  private void assertRejected(GeneratedModel model, Path file, boolean asCheckpoint, String... fragments) {
    byte[] before = Runs.checkpointBytes(model, dir);
    WeightFileException e = assertThrows(WeightFileException.class,
        () -> {
          if (asCheckpoint) {
            model.loadCheckpoint(file);
          } else {
            model.loadWeights(file);
          }
        });
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
    }
    assertArrayEquals(before, Runs.checkpointBytes(model, dir), "a failed load changed the model");
  }
}
