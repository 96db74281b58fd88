package dev.dither.samples.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import dev.dither.runtime.TorchWeights;
import dev.dither.runtime.WeightFileException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written by PyTorch 2 ({@code safetensors.torch.save_file}, see
 * {@code resources/safetensors/README.md}) load into the matching generated networks and
 * reproduce the outputs PyTorch computed.
 */
class TorchImportTest {
  private static final double TOLERANCE = 1e-6;

  @Test
  void mlpReproducesPyTorchsOutputs() throws Exception {
    TorchMlpModel mlp = new TorchMlpModel(1);
    TorchWeights.load(mlp, fixture("mlp_6_5_3.safetensors"), Map.of(
        "0.weight", "hidden.weight", "0.bias", "hidden.bias", "2.weight", "out.weight", "2.bias", "out.bias"));
    JsonObject expected = expected();
    double[] out = mlp.infer(flatten(expected.get("mlp_input")));
    assertClose(flatten(expected.get("mlp_output")), out);
  }

  @Test
  void lstmReproducesPyTorchsLastHiddenState() throws Exception {
    TorchLstmModel lstm = new TorchLstmModel(1);
    TorchWeights.loadSome(lstm, fixture("lstm_3_4.safetensors"), name -> "lstm." + name);
    identityHead(lstm);
    assertClose(flatten(expected().get("lstm_h_T")), lstm.infer(batchMajor(expected().get("seq_input"))));
  }

  @Test
  void gruReproducesPyTorchsLastHiddenState() throws Exception {
    TorchGruModel gru = new TorchGruModel(1);
    TorchWeights.loadSome(gru, fixture("gru_3_4.safetensors"), name -> "gru." + name);
    identityHead(gru);
    assertClose(flatten(expected().get("gru_h_T")), gru.infer(batchMajor(expected().get("seq_input"))));
  }

  @Test
  void halfPrecisionTensorsConvertExactly() throws Exception {
    TorchLinearModel linear = new TorchLinearModel(1);
    TorchWeights.load(linear, fixture("half_dtypes.safetensors"), Map.of("weight", "layer.weight", "bias", "layer.bias"));
    JsonObject exact;
    try (Reader r = resource("half_dtypes.json")) {
      exact = JsonParser.parseReader(r).getAsJsonObject();
    }
    double[] weight = new double[12];
    linear.parameters().get("layer.weight").copyToTorchLayout(weight);
    assertArrayEquals(flatten(exact.get("weight")), weight);
    double[] bias = new double[4];
    linear.parameters().get("layer.bias").copyToTorchLayout(bias);
    assertArrayEquals(flatten(exact.get("bias")), bias);
  }

  @Test
  void doublesConvertToTheModelsPrecisionAndShapesAndNamesAreChecked() throws Exception {
    TorchPairModel pair = new TorchPairModel(1);
    TorchWeights.loadSome(pair, fixture("mixed_dtypes.safetensors"), name -> name.equals("w") ? "layer.weight" : null);
    double[] w = new double[6];
    pair.parameters().get("layer.weight").copyToTorchLayout(w);
    assertEquals(6, w.length);
    assertTrue(w[0] != 0 && w[0] == (float) w[0], "F64 values rounded to the FLOAT model's precision: " + w[0]);

    TorchLinearModel linear = new TorchLinearModel(1);
    String shape = rejected(linear, fixture("mixed_dtypes.safetensors"), Map.of("w", "layer.weight", "b", "layer.bias"));
    assertTrue(shape.contains("'w' has shape [2, 3], this network expects [4, 3]") && shape.contains("'layer.weight'"),
        shape);
    String unknown = rejected(linear, fixture("mixed_dtypes.safetensors"), Map.of("w", "ignored.w", "b", "layer.bias"));
    assertTrue(unknown.contains("'ignored.w'") && unknown.contains("not a parameter"), unknown);
  }

  @Test
  void integerTensorsAreNotWeights() throws Exception {
    TorchPairModel pair = new TorchPairModel(1);
    WeightFileException e = assertThrows(WeightFileException.class, () -> TorchWeights.loadSome(pair,
        fixture("mixed_dtypes.safetensors"), name -> name.equals("b") ? "layer.weight" : null));
    assertTrue(e.getMessage().contains("'b' is I32, expected a floating-point type"), e.getMessage());
  }

  @Test
  void everyParameterMustBeFilledUnlessLoadingSome() throws Exception {
    String missing = rejected(new TorchLstmModel(1), fixture("lstm_3_4.safetensors"),
        Map.of("weight_ih_l0", "lstm.weight_ih_l0", "weight_hh_l0", "lstm.weight_hh_l0",
            "bias_ih_l0", "lstm.bias_ih_l0", "bias_hh_l0", "lstm.bias_hh_l0"));
    assertTrue(missing.contains("no tensor maps to") && missing.contains("out.weight") && missing.contains("loadSome"),
        missing);
  }

  /** Loads through a map; asserts the failure changed nothing and returns its message. */
  private static String rejected(GeneratedModel model, Path file, Map<String, String> names) {
    List<double[]> before = values(model);
    WeightFileException e = assertThrows(WeightFileException.class, () -> TorchWeights.load(model, file, names));
    List<double[]> after = values(model);
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "a failed import changed the model");
    }
    return e.getMessage();
  }

  private static List<double[]> values(GeneratedModel model) {
    List<double[]> all = new ArrayList<>();
    for (Parameter p : model.parameters().all()) {
      double[] v = new double[p.size()];
      p.copyToTorchLayout(v);
      all.add(v);
    }
    return all;
  }

  private static void identityHead(GeneratedModel model) {
    double[] identity = new double[16];
    for (int i = 0; i < 4; i++) {
      identity[i * 4 + i] = 1;
    }
    model.parameters().get("out.weight").copyFromTorchLayout(identity);
    model.parameters().get("out.bias").copyFrom(new double[4]);
  }

  /** PyTorch's {@code [T][batch][features]} as Dither's example-major {@code [batch][T][features]}. */
  private static double[] batchMajor(JsonElement sequence) {
    JsonArray steps = sequence.getAsJsonArray();
    int t = steps.size();
    int batch = steps.get(0).getAsJsonArray().size();
    int features = steps.get(0).getAsJsonArray().get(0).getAsJsonArray().size();
    double[] out = new double[t * batch * features];
    for (int s = 0; s < t; s++) {
      for (int n = 0; n < batch; n++) {
        for (int f = 0; f < features; f++) {
          out[(n * t + s) * features + f] =
              steps.get(s).getAsJsonArray().get(n).getAsJsonArray().get(f).getAsDouble();
        }
      }
    }
    return out;
  }

  private static double[] flatten(JsonElement e) {
    List<Double> values = new ArrayList<>();
    flatten(e, values);
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static void flatten(JsonElement e, List<Double> into) {
    if (e.isJsonArray()) {
      e.getAsJsonArray().forEach(x -> flatten(x, into));
    } else {
      into.add(e.getAsDouble());
    }
  }

  private static void assertClose(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE, "output " + i);
    }
  }

  private static JsonObject expected() throws IOException {
    try (Reader r = resource("expected.json")) {
      return JsonParser.parseReader(r).getAsJsonObject();
    }
  }

  private static Reader resource(String name) {
    return new InputStreamReader(TorchImportTest.class.getResourceAsStream("/safetensors/" + name), StandardCharsets.UTF_8);
  }

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(TorchImportTest.class.getResource("/safetensors/" + name).toURI());
  }
}
