package dev.dither.processor;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** One reference case from {@code src/test/resources/golden} (PyTorch float64 autograd). */
final class GoldenCase {
  private final String name;
  private final JsonObject root;

  private GoldenCase(String name, JsonObject root) {
    this.name = name;
    this.root = root;
  }

  static GoldenCase load(String name) {
    String path = "/golden/" + name + ".json";
    try (InputStream in = GoldenCase.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden case " + path);
      }
      JsonObject root = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
      return new GoldenCase(name, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String name() {
    return name;
  }

  double configDouble(String key) {
    return root.getAsJsonObject("config").get(key).getAsDouble();
  }

  String configString(String key) {
    return root.getAsJsonObject("config").get(key).getAsString();
  }

  int configInt(String key) {
    return root.getAsJsonObject("config").get(key).getAsInt();
  }

  double[] tensor(String key) {
    JsonObject t = root.getAsJsonObject("tensors").getAsJsonObject(key);
    if (t == null) {
      throw new IllegalArgumentException(name + " has no tensor " + key);
    }
    var data = t.getAsJsonArray("data");
    double[] out = new double[data.size()];
    int i = 0;
    for (JsonElement e : data) {
      out[i++] = e.getAsDouble();
    }
    return out;
  }

  int[] labels(String key) {
    double[] d = tensor(key);
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (int) d[i];
    }
    return out;
  }

  /**
   * This case cut to its first {@code n} elements, as a case of another size: valid for
   * elementwise cases only, where every element is computed on its own.
   */
  GoldenCase firstElements(int n) {
    JsonObject copy = root.deepCopy();
    for (var entry : copy.getAsJsonObject("tensors").entrySet()) {
      JsonObject tensor = entry.getValue().getAsJsonObject();
      com.google.gson.JsonArray data = tensor.getAsJsonArray("data");
      com.google.gson.JsonArray cut = new com.google.gson.JsonArray();
      for (int i = 0; i < n; i++) {
        cut.add(data.get(i));
      }
      tensor.add("data", cut);
      if (tensor.has("shape")) {
        com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
        shape.add(n);
        tensor.add("shape", shape);
      }
    }
    return new GoldenCase(name + "_first" + n, copy);
  }
}
