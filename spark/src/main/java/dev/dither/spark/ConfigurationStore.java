package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of one configuration under the sweep directory, on any Hadoop file system:
 * {@code <id>/checkpoint-<steps>} (the latest only) and {@code <id>/result} once it finished.
 * Every file is written under a temporary name and renamed into place, so a reader (or a retried
 * task) sees a complete file or none; checkpoints are written to local disk first, where the
 * generated code's own save is atomic, and then copied.
 */
final class ConfigurationStore {
  private static final String CHECKPOINT = "checkpoint-";
  private static final String RESULT = "result";

  private final Configuration configuration;
  private final FileSystem fs;
  private final Path directory;

  ConfigurationStore(String root, Configuration configuration, org.apache.hadoop.conf.Configuration hadoop) throws IOException {
    this.configuration = configuration;
    this.directory = new Path(root, configuration.id());
    this.fs = directory.getFileSystem(hadoop);
  }

  /** The name of the checkpoint after {@code steps} steps, relative to the sweep directory. */
  String checkpointName(long steps) {
    return configuration.id() + "/" + CHECKPOINT + steps;
  }

  /** The outcome recorded by an earlier run, if this configuration finished. */
  Optional<Outcome> result() throws IOException {
    Path file = new Path(directory, RESULT);
    if (!fs.exists(file)) {
      return Optional.empty();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    String recorded = null;
    String checkpoint = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        int eq = line.indexOf('=');
        String key = eq < 0 ? line : line.substring(0, eq);
        String value = eq < 0 ? "" : line.substring(eq + 1);
        if (key.equals("configuration")) {
          recorded = value;
        } else if (key.equals("checkpoint")) {
          checkpoint = value;
        } else if (key.startsWith("metric.")) {
          metrics.put(key.substring("metric.".length()), Double.parseDouble(value));
        } else {
          throw new IOException(file + ": unexpected line '" + line + "' in a sweep result");
        }
      }
    } catch (NumberFormatException e) {
      throw new IOException(file + ": a metric is not a number: " + e.getMessage(), e);
    }
    if (!configuration.toString().equals(recorded) || checkpoint == null) {
      throw new IOException(file + " records configuration '" + recorded + "' and checkpoint " + checkpoint
          + ", expected '" + configuration + "' and a checkpoint; it belongs to another sweep");
    }
    return Optional.of(new Outcome(configuration, metrics, checkpoint, false));
  }

  void writeResult(Outcome outcome) throws IOException {
    StringBuilder text = new StringBuilder()
        .append("configuration=").append(configuration).append('\n')
        .append("checkpoint=").append(outcome.checkpoint()).append('\n');
    for (Map.Entry<String, Double> m : outcome.metrics().entrySet()) {
      if (m.getKey().isEmpty() || m.getKey().contains("=") || m.getKey().contains("\n") || m.getKey().contains(",")) {
        throw new IllegalArgumentException("metric names must be non-empty without '=', ',' or line breaks, got '" + m.getKey() + "'");
      }
      text.append("metric.").append(m.getKey()).append('=').append(m.getValue()).append('\n');
    }
    Path temporary = temporary(RESULT);
    try (Writer out = new OutputStreamWriter(fs.create(temporary, false), StandardCharsets.UTF_8)) {
      out.write(text.toString());
    }
    publish(temporary, new Path(directory, RESULT));
  }

  /** Loads the latest checkpoint into {@code model}, if there is one; returns the step it resumed at. */
  long resume(GeneratedModel model, CheckpointFormat format) throws IOException {
    long latest = -1;
    if (fs.exists(directory)) {
      for (FileStatus f : fs.listStatus(directory)) {
        String name = f.getPath().getName();
        if (name.startsWith(CHECKPOINT)) {
          latest = Math.max(latest, Long.parseLong(name.substring(CHECKPOINT.length())));
        }
      }
    }
    if (latest < 0) {
      return 0;
    }
    java.nio.file.Path local = Files.createTempFile("dither-resume-", ".checkpoint");
    try {
      fs.copyToLocalFile(false, new Path(directory, CHECKPOINT + latest), new Path(local.toUri()), true);
      format.load(model, local);
    } finally {
      Files.deleteIfExists(local);
    }
    if (model.steps() != latest) {
      throw new IOException(new Path(directory, CHECKPOINT + latest) + " holds a model after " + model.steps()
          + " steps, but its name says " + latest);
    }
    return latest;
  }

  /** Saves the model as {@code checkpoint-<steps>} and then removes the older checkpoints. */
  void checkpoint(GeneratedModel model, CheckpointFormat format) throws IOException {
    long steps = model.steps();
    java.nio.file.Path local = Files.createTempFile("dither-save-", ".checkpoint");
    Path temporary = temporary(CHECKPOINT + steps);
    try {
      format.save(model, local);
      fs.copyFromLocalFile(false, false, new Path(local.toUri()), temporary);
    } finally {
      Files.deleteIfExists(local);
    }
    publish(temporary, new Path(directory, CHECKPOINT + steps));
    for (FileStatus f : fs.listStatus(directory)) {
      String name = f.getPath().getName();
      if (name.startsWith(CHECKPOINT) && Long.parseLong(name.substring(CHECKPOINT.length())) < steps) {
        fs.delete(f.getPath(), false);
      }
    }
  }

  /** A unique hidden name in the configuration's directory (hidden names are ignored when resuming). */
  private Path temporary(String name) throws IOException {
    fs.mkdirs(directory);
    return new Path(directory, "." + name + "." + UUID.randomUUID() + ".tmp");
  }

  /**
   * Renames {@code temporary} to {@code target}. Some file systems (HDFS) refuse to rename onto an
   * existing file: then another attempt of the same task already published it, with the same
   * content since training is deterministic, and ours is dropped.
   */
  private void publish(Path temporary, Path target) throws IOException {
    if (!fs.rename(temporary, target)) {
      fs.delete(temporary, false);
      if (!fs.exists(target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    }
  }
}
