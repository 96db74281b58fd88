package dev.dither.spark.samples;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import dev.dither.runtime.Trainable;
import dev.dither.samples.parity.NoisyParityModel;
import dev.dither.samples.parity.Parity.Dataset;
import dev.dither.samples.parity.SaturatedParityModel;
import dev.dither.spark.Configuration;
import dev.dither.spark.Experiment;
import dev.dither.spark.HyperParameters;
import dev.dither.spark.ProjectCheckpoint;
import dev.dither.spark.Sweep;
import dev.dither.spark.SweepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The README's Spark sample: the saturated-start experiment of the samples' parity task (three hard-tanh
 * layers whose units all start in saturation) as a 12-configuration sweep: without and with NAH
 * noise × two learning rates × three seeds.
 *
 * <p>Usage: {@code spark-submit --class dev.dither.spark.samples.ParitySweep dither-spark-*-submit.jar
 * <directory> [steps]}; the directory is any Hadoop file system URI all executors reach.
 */
public final class ParitySweep {
  static final int BITS = 10;
  static final int BATCH = 32;

  private ParitySweep() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: ParitySweep <directory> [steps]   (directory: hdfs://..., s3a://..., file:///shared/...)");
      System.exit(2);
    }
    long steps = args.length > 1 ? Long.parseLong(args[1]) : 3000;
    // The master and the resources come from spark-submit.
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("Dither parity sweep"))) {
      SweepResult result = new Sweep<>(spark, new Parity(steps), new ProjectCheckpoint(), args[0])
          .checkpointEvery(500)
          .run(configurations(), "test accuracy", SweepResult.Goal.MAXIMIZE);
      System.out.print(result.markdown());
      System.out.println("trained in this submission: " + result.trainedNow().size() + " of " + result.rows().size());
      System.out.println("best checkpoint: " + result.bestCheckpoint());
    }
  }

  /** Without and with NAH noise × learning rates 1e-3 and 3e-3 × seeds 1 to 3. */
  public static List<Configuration> configurations() {
    return new HyperParameters()
        .values("noise", "none", "NAH")
        .values("learningRate", 1e-3, 3e-3)
        .values("seed", 1, 2, 3)
        .grid();
  }

  /**
   * Trains one configuration for a budget of steps of batch 32 and measures loss and accuracy.
   * Batch {@code s} is drawn from a generator seeded with the seed and {@code s}, so a resumed
   * run sees the same batches.
   */
  public static final class Parity implements Experiment<Trainable<float[], int[]>> {
    private static final long serialVersionUID = 1L;
    private final long steps;
    private transient Dataset data;
    private transient long dataSeed;

    public Parity(long steps) {
      this.steps = steps;
    }

    private Dataset data(Configuration config) {
      // The split depends on the seed; a task trains one configuration, so this is built once per task.
      if (data == null || dataSeed != config.integer("seed")) {
        dataSeed = config.integer("seed");
        data = Dataset.parity(BITS, dataSeed);
      }
      return data;
    }

    @Override
    public Trainable<float[], int[]> create(Configuration config) {
      long seed = config.integer("seed");
      SaturatedParityModel plain = new SaturatedParityModel(seed);
      Trainable<float[], int[]> model = plain;
      if (config.get("noise").equals("NAH")) {
        NoisyParityModel noisy = new NoisyParityModel(seed);
        // Same weights as the noiseless run; only p is the noisy model's own.
        for (Parameter p : plain.parameters().all()) {
          for (int i = 0; i < p.size(); i++) {
            noisy.parameters().get(p.name()).set(i, p.get(i));
          }
        }
        // The demo's continuation schedule, c = 30 → 0.5 over the budget.
        noisy.noiseSchedule(AnnealingSchedules.paper(30, Math.max(1, steps / 3600), 0.5));
        model = noisy;
      } else if (!config.get("noise").equals("none")) {
        throw new IllegalArgumentException("noise must be none or NAH, got " + config.get("noise"));
      }
      model.optimizer(Optimizers.adam(config.number("learningRate")));
      return model;
    }

    @Override
    public long steps(Configuration config) {
      return steps;
    }

    @Override
    public void trainStep(Trainable<float[], int[]> model, Configuration config) {
      Dataset d = data(config);
      DitherRandom order = new DitherRandom(config.integer("seed") * 0x9E3779B97F4A7C15L + model.steps());
      float[] x = new float[BATCH * BITS];
      int[] y = new int[BATCH];
      for (int n = 0; n < BATCH; n++) {
        int i = order.nextInt(d.trainLabels().length);
        System.arraycopy(d.trainInputs(), i * BITS, x, n * BITS, BITS);
        y[n] = d.trainLabels()[i];
      }
      model.trainStep(x, y);
    }

    @Override
    public Map<String, Double> evaluate(Trainable<float[], int[]> model, Configuration config) {
      Dataset d = data(config);
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("train loss", model.loss(d.trainInputs(), d.trainLabels()));
      metrics.put("train accuracy", accuracy(model, d.trainInputs(), d.trainLabels()));
      metrics.put("test accuracy", accuracy(model, d.testInputs(), d.testLabels()));
      return metrics;
    }

    private static double accuracy(Trainable<float[], int[]> model, float[] inputs, int[] labels) {
      int[] predicted = new int[labels.length];
      model.inferenceView().classify(inputs, predicted);
      int right = 0;
      for (int i = 0; i < labels.length; i++) {
        right += predicted[i] == labels[i] ? 1 : 0;
      }
      return (double) right / labels.length;
    }
  }
}
