package dev.dither.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One case of the PyTorch reference data in {@code src/test/resources/golden} (format in its
 * README): {@code name}, {@code description}, a free-form {@code config} and named tensors.
 * Numbers are parsed with {@link Double#parseDouble}, which recovers Python's shortest-repr
 * floats exactly, so comparisons can be made at 1e-12.
 */
public final class GoldenCase {
  private final String file;
  private final JsonObject root;
  private final JsonObject tensors;

  private GoldenCase(String file, JsonObject root) {
    this.file = file;
    this.root = root;
    this.tensors = root.getAsJsonObject("tensors");
  }

  /** Loads {@code golden/<file>} from the test class path, e.g. {@code "optim_adam.json"}. */
  public static GoldenCase load(String file) {
    String resource = "/golden/" + file;
    try (InputStream in = GoldenCase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return new GoldenCase(file, JsonParser.parseReader(reader).getAsJsonObject());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }

  public String name() {
    return root.get("name").getAsString();
  }

  public String description() {
    return root.get("description").getAsString();
  }

  /** The whole {@code config} object, for anything the typed accessors below do not cover. */
  public JsonObject config() {
    return root.getAsJsonObject("config");
  }

  /** A number in {@code config}, addressed by a path of keys, e.g. {@code ("hyper", "lr")}. */
  public double configDouble(String... path) {
    return configValue(path).getAsDouble();
  }

  /** A boolean in {@code config}, addressed by a path of keys. */
  public boolean configBoolean(String... path) {
    return configValue(path).getAsBoolean();
  }

  /** A string in {@code config}, addressed by a path of keys. */
  public String configString(String... path) {
    return configValue(path).getAsString();
  }

  /** A list of numbers in {@code config}, addressed by a path of keys. */
  public double[] configDoubles(String... path) {
    return doubles(configValue(path).getAsJsonArray());
  }

  /** Whether the config has a value at {@code path}. */
  public boolean hasConfig(String... path) {
    JsonElement e = config();
    for (String key : path) {
      if (!e.isJsonObject() || !e.getAsJsonObject().has(key)) {
        return false;
      }
      e = e.getAsJsonObject().get(key);
    }
    return true;
  }

  public Set<String> tensorNames() {
    return tensors.keySet();
  }

  public boolean hasTensor(String name) {
    return tensors.has(name);
  }

  /** A tensor's data, flat in row-major order. */
  public double[] tensor(String name) {
    return doubles(tensorObject(name).getAsJsonArray("data"));
  }

  /** A tensor's data rounded to float, for checking FLOAT networks. */
  public float[] floatTensor(String name) {
    double[] d = tensor(name);
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  public int[] shape(String name) {
    JsonArray shape = tensorObject(name).getAsJsonArray("shape");
    int[] s = new int[shape.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape.get(i).getAsInt();
    }
    return s;
  }

  private JsonObject tensorObject(String name) {
    if (!tensors.has(name)) {
      throw new IllegalArgumentException(file + " has no tensor '" + name + "'; it has "
          + tensors.keySet());
    }
    return tensors.getAsJsonObject(name);
  }

  private JsonElement configValue(String... path) {
    JsonElement e = config();
    for (String key : path) {
      if (!e.isJsonObject() || !e.getAsJsonObject().has(key)) {
        throw new IllegalArgumentException(file + ": config has no " + String.join(".", path));
      }
      e = e.getAsJsonObject().get(key);
    }
    return e;
  }

  private static double[] doubles(JsonArray array) {
    double[] d = new double[array.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = array.get(i).getAsDouble();
    }
    return d;
  }

  @Override
  public String toString() {
    return file;
  }
}
