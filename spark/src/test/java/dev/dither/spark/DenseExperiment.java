package dev.dither.spark;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Optimizers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small sweep experiment on {@link NoisyDense} with Adam (so that resuming must restore the
 * optimizer's state). It records every step it trains, and can throw once at a chosen step of a
 * chosen configuration. Tests run Spark in local mode, so the executors share these statics.
 */
final class DenseExperiment implements Experiment<NoisyDenseModel> {
  private static final long serialVersionUID = 1L;
  static final long STEPS = 30;
  private static final int BATCH = 8;

  /** "configuration id@step" for every step trained, in any test; cleared by the tests. */
  static final Queue<String> TRAINED = new ConcurrentLinkedQueue<>();
  static final AtomicBoolean FAILED = new AtomicBoolean();

  private final String failConfiguration;
  private final long failAt;

  DenseExperiment(String failConfiguration, long failAt) {
    this.failConfiguration = failConfiguration;
    this.failAt = failAt;
  }

  static List<Configuration> configurations() {
    return new HyperParameters().values("learningRate", 0.01, 0.03).values("seed", 1, 2, 3).grid();
  }

  @Override
  public NoisyDenseModel create(Configuration config) {
    NoisyDenseModel model = new NoisyDenseModel(config.integer("seed")).optimizer(Optimizers.adam(config.number("learningRate")));
    return model.noiseSchedule("hidden", AnnealingSchedules.paper(3, 5, 0.5));
  }

  @Override
  public long steps(Configuration config) {
    return STEPS;
  }

  @Override
  public void trainStep(NoisyDenseModel model, Configuration config) {
    if (config.id().equals(failConfiguration) && model.steps() == failAt && FAILED.compareAndSet(false, true)) {
      throw new IllegalStateException("injected failure at step " + failAt + " of " + config);
    }
    TRAINED.add(config.id() + "@" + model.steps());
    double[] x = new double[BATCH * NoisyDenseModel.INPUT_SIZE];
    int[] y = new int[BATCH];
    examples(new DitherRandom(config.integer("seed") * 1_000_003L + model.steps()), x, y);
    model.trainStep(x, y);
  }

  @Override
  public Map<String, Double> evaluate(NoisyDenseModel model, Configuration config) {
    double[] x = new double[64 * NoisyDenseModel.INPUT_SIZE];
    int[] y = new int[64];
    examples(new DitherRandom(-1), x, y);
    int[] predicted = new int[y.length];
    model.classify(x, predicted);
    int right = 0;
    for (int i = 0; i < y.length; i++) {
      right += predicted[i] == y[i] ? 1 : 0;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", model.loss(x, y));
    metrics.put("accuracy", (double) right / y.length);
    return metrics;
  }

  /** Inputs in [-2, 2); the label says which of the first three inputs is largest. */
  private static void examples(DitherRandom random, double[] x, int[] y) {
    int width = NoisyDenseModel.INPUT_SIZE;
    for (int n = 0; n < y.length; n++) {
      for (int i = 0; i < width; i++) {
        x[n * width + i] = 4 * random.nextDouble() - 2;
      }
      int best = 0;
      for (int k = 1; k < 3; k++) {
        best = x[n * width + k] > x[n * width + best] ? k : best;
      }
      y[n] = best;
    }
  }
}
