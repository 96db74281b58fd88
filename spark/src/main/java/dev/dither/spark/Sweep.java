package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A hyper-parameter sweep on Spark: each {@link Configuration} is one task that trains a model
 * with the {@link Experiment} on an executor, checkpoints it every {@link #checkpointEvery} steps
 * to {@code <directory>/<id>/} and reports its metrics; the driver writes the results table to
 * {@code <directory>/results.csv} and {@code results.md}.
 *
 * <ul>
 *   <li>A task that fails or whose executor is lost is retried by Spark
 *       ({@code spark.task.maxFailures}) and resumes from its last checkpoint. Training is
 *       deterministic and resuming exact, so the row is the one an uninterrupted run gives.
 *   <li>Resubmitting the sweep with the same directory skips every configuration that has a
 *       result there, and trains the others, resuming those that have a checkpoint.
 * </ul>
 *
 * <p>The directory is any Hadoop file system URI every executor can reach ({@code hdfs://},
 * {@code s3a://}, {@code file:///} on a shared mount, ...), read with the driver's Hadoop
 * configuration.
 */
public final class Sweep<M extends GeneratedModel> {
  private final JavaSparkContext spark;
  private final Experiment<M> experiment;
  private final CheckpointFormat format;
  private final String directory;
  private long checkpointEvery = 1000;

  public Sweep(JavaSparkContext spark, Experiment<M> experiment, CheckpointFormat format, String directory) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.experiment = Objects.requireNonNull(experiment, "experiment");
    this.format = Objects.requireNonNull(format, "format");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** Checkpoints every {@code steps} training steps (default 1000) and after the last. */
  public Sweep<M> checkpointEvery(long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException("checkpoints need an interval of at least one step, got " + steps);
    }
    this.checkpointEvery = steps;
    return this;
  }

  /**
   * Runs every configuration that has not finished in {@code directory}, one Spark task each,
   * and returns (and writes) the table of all of them, the best by {@code metric}.
   */
  public SweepResult run(List<Configuration> configurations, String metric, SweepResult.Goal goal) {
    Set<String> ids = new HashSet<>();
    for (Configuration c : configurations) {
      if (!ids.add(c.id())) {
        throw new IllegalArgumentException("configuration " + c + " appears twice in the sweep");
      }
    }
    HadoopConfiguration hadoop = new HadoopConfiguration(spark.hadoopConfiguration());
    Map<String, Outcome> outcomes = new HashMap<>();
    List<Configuration> pending = new ArrayList<>();
    try {
      for (Configuration c : configurations) {
        Optional<Outcome> done = new ConfigurationStore(directory, c, hadoop.get()).result();
        if (done.isPresent()) {
          outcomes.put(c.id(), done.get());
        } else {
          pending.add(c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!pending.isEmpty()) {
      final Experiment<M> experiment = this.experiment;
      final CheckpointFormat format = this.format;
      final String directory = this.directory;
      final long every = this.checkpointEvery;
      spark.setJobDescription("Dither sweep: " + pending.size() + " configurations into " + directory);
      List<Outcome> trained = spark.parallelize(pending, pending.size())
          .map(c -> train(c, experiment, format, directory, hadoop, every))
          .collect();
      for (Outcome o : trained) {
        outcomes.put(o.configuration().id(), o);
      }
    }
    List<Outcome> rows = new ArrayList<>();
    for (Configuration c : configurations) {
      rows.add(outcomes.get(c.id()));
    }
    SweepResult result = new SweepResult(rows, metric, goal, directory);
    write("results.csv", result.csv(), hadoop);
    write("results.md", result.markdown(), hadoop);
    return result;
  }

  /** The task of one configuration, on an executor. */
  static <M extends GeneratedModel> Outcome train(Configuration config, Experiment<M> experiment,
      CheckpointFormat format, String directory, HadoopConfiguration hadoop, long every) throws IOException {
    ConfigurationStore store = new ConfigurationStore(directory, config, hadoop.get());
    Optional<Outcome> done = store.result();   // a retried task whose first attempt finished
    if (done.isPresent()) {
      return done.get();
    }
    M model = experiment.create(config);
    store.resume(model, format);
    long budget = experiment.steps(config);
    if (model.steps() > budget) {
      throw new IllegalStateException(config + ": the checkpoint is at step " + model.steps()
          + ", beyond the budget of " + budget + "; did the budget change? Use a new directory");
    }
    while (model.steps() < budget) {
      long before = model.steps();
      experiment.trainStep(model, config);
      if (model.steps() != before + 1) {
        throw new IllegalStateException(config + ": Experiment.trainStep must train exactly one step, but steps went from "
            + before + " to " + model.steps());
      }
      if (model.steps() % every == 0 || model.steps() == budget) {
        store.checkpoint(model, format);
      }
    }
    if (budget == 0) {
      store.checkpoint(model, format);
    }
    Outcome outcome = new Outcome(config, experiment.evaluate(model, config), store.checkpointName(model.steps()), true);
    store.writeResult(outcome);
    return outcome;
  }

  /** Writes a summary file under a temporary name, then replaces the old one. */
  private void write(String name, String text, HadoopConfiguration hadoop) {
    try {
      Path target = new Path(directory, name);
      FileSystem fs = target.getFileSystem(hadoop.get());
      Path temporary = new Path(directory, "." + name + ".tmp");
      try (Writer out = new OutputStreamWriter(fs.create(temporary, true), StandardCharsets.UTF_8)) {
        out.write(text);
      }
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        throw new IOException("could not rename " + temporary + " to " + target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
