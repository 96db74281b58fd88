package dev.dither.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Properties;

/**
 * Saves and loads generated models as safetensors files in PyTorch's names and layouts; the
 * generated {@code saveWeights}, {@code saveCheckpoint}, {@code loadWeights} and
 * {@code loadCheckpoint} delegate here.
 *
 * <p>A weights file holds every parameter ({@code hidden.weight} as {@code [out][in]},
 * {@code lstm.weight_ih_l0}, ...) and the level c in force at each noise site
 * ({@code noise.<site>.c}), since NAH's evaluation output depends on it. A checkpoint adds
 * what training needs to continue bit for bit: {@code training.steps} (every schedule's
 * annealing step: Dither evaluates all schedules at the training step count),
 * {@code training.examples_seen} (the noise counter), {@code noise.seed}, the optimizer's
 * learning rate and per-parameter state ({@code optimizer.<param>.exp_avg}, {@code .step}, ...),
 * the clipping norm and the carried recurrent state ({@code state.<layer>.h}).
 * Every number that changes the model is a tensor, so it is covered by a CRC32C in the
 * metadata; the metadata also holds the format version, the Dither version and the network's
 * fingerprint.
 *
 * <p>Loading is all-or-nothing: the file is read, checked and decoded into temporaries, and only
 * then copied into the model, so an exception leaves the model exactly as it was.
 * A checkpoint does not hold code: before {@code loadCheckpoint}, configure the model as the
 * saved one was (optimizer kind and hyper-parameters, noise schedules, clipping); a difference
 * is reported rather than silently changing the resumed run.
 */
public final class Checkpoints {
  /** The version of Dither's layout of safetensors files; loading another version is refused. */
  public static final String FORMAT_VERSION = "1";

  static final String VERSION_KEY = "dither.format_version";
  static final String KIND_KEY = "dither.kind";
  static final String DESCRIPTION_KEY = "dither.description";
  static final String FINGERPRINT_KEY = "dither.fingerprint";
  static final String OPTIMIZER_KEY = "dither.optimizer";
  static final String NOISE_KEY = "dither.noise";
  static final String WEIGHTS = "weights";
  static final String CHECKPOINT = "checkpoint";
  static final String COUNTER_NOISE = "CounterNoise";

  private Checkpoints() {}

  public static void saveWeights(ModelState s, Path file) throws IOException {
    CheckpointEncoder.save(s, file, false);
  }

  public static void saveCheckpoint(ModelState s, Path file) throws IOException {
    CheckpointEncoder.save(s, file, true);
  }

  public static void loadWeights(ModelState s, Path file) throws IOException {
    CheckpointDecoder.load(s, file, false);
  }

  public static void loadCheckpoint(ModelState s, Path file) throws IOException {
    CheckpointDecoder.load(s, file, true);
  }

  /** The SHA-256 of a canonical network description, in hex. */
  public static String fingerprint(String description) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(description.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : hash) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has SHA-256", e);
    }
  }

  /** The version of this Dither runtime, as built. */
  public static String ditherVersion() {
    try (InputStream in = Checkpoints.class.getResourceAsStream("dither.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PyTorch's name of a parameter: a recurrent layer's tensors carry the layer index {@code _l0}. */
  static String torchName(String parameter) {
    for (String suffix : new String[] {".weight_ih", ".weight_hh", ".bias_ih", ".bias_hh"}) {
      if (parameter.endsWith(suffix)) {
        return parameter + "_l0";
      }
    }
    return parameter;
  }
}
