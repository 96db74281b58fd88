package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Data-parallel training on 2 and 4 partitions against single-process {@code trainStep}s on the
 * same examples: the parameters agree to 1e-6 relative after 10 steps (measured: about 2e-16 in
 * DOUBLE precision, 1e-7 in FLOAT, where the partial sums are rounded). The data (37 examples)
 * does not divide into the partitions or the batch (8), so batches straddle partitions and wrap
 * around the data.
 */
class DataParallelTrainerTest {
  private static final int EXAMPLES = 37;
  private static final int BATCH = 8;
  private static final int STEPS = 10;

  private static NoisyDenseModel dense() {
    NoisyDenseModel model = new NoisyDenseModel(5).optimizer(Optimizers.adam(0.02)).gradientClipping(1.5);
    model.noiseSchedule("hidden", AnnealingSchedules.paper(3, 2, 0.5));
    return model;
  }

  private static NoisyDenseFloatModel denseFloat() {
    NoisyDenseFloatModel model = new NoisyDenseFloatModel(5).optimizer(Optimizers.adam(0.02)).gradientClipping(1.5);
    model.noiseSchedule("hidden", AnnealingSchedules.paper(3, 2, 0.5));
    return model;
  }

  private static NoisyLstmModel lstm() {
    return new NoisyLstmModel(9).optimizer(Optimizers.adam(0.02)).noiseSchedule(AnnealingSchedules.paper(2, 3, 0.5));
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void denseNetworkWithNoiseMatchesOneProcess(int partitions) {
    List<Example<double[], int[]>> data = examples(NoisyDenseModel.INPUT_SIZE, 11);
    NoisyDenseModel single = dense();
    List<Double> losses = trainInOneProcess(data, (x, y) -> single.trainStep(x, y));
    try (DataParallelTrainer<NoisyDenseModel, double[], int[]> trainer = DataParallelTrainer.of(
        spark(), spark().parallelize(data, partitions), BATCH, DataParallelTrainerTest::dense)) {
      assertSameTraining(single, losses, trainer);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void floatNetworkMatchesOneProcess(int partitions) {
    List<Example<double[], int[]>> data = examples(NoisyDenseFloatModel.INPUT_SIZE, 11);
    List<Example<float[], int[]>> floats = data.stream().map(e -> new Example<>(toFloat(e.inputs()), e.targets())).toList();
    NoisyDenseFloatModel single = denseFloat();
    List<Double> losses = trainInOneProcess(data, (x, y) -> single.trainStep(toFloat(x), y));
    try (DataParallelTrainer<NoisyDenseFloatModel, float[], int[]> trainer = DataParallelTrainer.of(
        spark(), spark().parallelize(floats, partitions), BATCH, DataParallelTrainerTest::denseFloat)) {
      assertSameTraining(single, losses, trainer);
    }
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void lstmMatchesOneProcess(int partitions) {
    List<Example<double[], int[]>> data = examples(NoisyLstmModel.INPUT_SIZE, 12);
    NoisyLstmModel single = lstm();
    List<Double> losses = trainInOneProcess(data, (x, y) -> single.trainStep(x, y));
    try (DataParallelTrainer<NoisyLstmModel, double[], int[]> trainer = new DataParallelTrainer<>(
        spark(), spark().parallelize(data, partitions), BATCH, DataParallelTrainerTest::lstm, NoisyLstmModel::gradients)) {
      assertSameTraining(single, losses, trainer);
    }
  }

  private static JavaSparkContext spark() {
    return LocalSpark.context();
  }

  interface Step {
    double apply(double[] inputs, int[] labels);
  }

  /** Step t trains on examples t·BATCH .. (t+1)·BATCH − 1 modulo the data size. */
  private static List<Double> trainInOneProcess(List<Example<double[], int[]>> data, Step step) {
    List<Double> losses = new ArrayList<>();
    for (int t = 0; t < STEPS; t++) {
      List<Example<double[], int[]>> batch = new ArrayList<>();
      for (int n = 0; n < BATCH; n++) {
        batch.add(data.get((t * BATCH + n) % data.size()));
      }
      losses.add(step.apply(Batches.inputs(batch, 0, BATCH), Batches.targets(batch, 0, BATCH)));
    }
    return losses;
  }

  private static <M extends GeneratedModel, X> void assertSameTraining(GeneratedModel single, List<Double> losses,
      DataParallelTrainer<M, X, int[]> trainer) {
    for (int t = 0; t < STEPS; t++) {
      // FLOAT losses are summed from rounded partial means, DOUBLE ones agree to rounding of doubles.
      double tolerance = single.parameters().get(0).isDouble() ? 1e-12 : 1e-6;
      assertEquals(losses.get(t), trainer.step(), tolerance * Math.abs(losses.get(t)), "loss of step " + t);
    }
    GeneratedModel parallel = trainer.model();
    assertEquals(single.steps(), parallel.steps());
    assertEquals(single.examplesSeen(), parallel.examplesSeen());
    double moved = 0;
    for (Parameter expected : single.parameters().all()) {
      Parameter actual = parallel.parameters().get(expected.name());
      double scale = 0;
      double error = 0;
      for (int i = 0; i < expected.size(); i++) {
        scale = Math.max(scale, Math.abs(expected.get(i)));
        error = Math.max(error, Math.abs(expected.get(i) - actual.get(i)));
      }
      assertTrue(error <= 1e-6 * scale, expected.name() + ": max difference " + error + " for values up to " + scale);
      moved = Math.max(moved, scale);
    }
    assertTrue(moved > 0);
  }

  /** Random inputs in [-2, 2) and labels in {0, 1, 2}. */
  private static List<Example<double[], int[]>> examples(int inputs, long seed) {
    DitherRandom random = new DitherRandom(seed);
    List<Example<double[], int[]>> data = new ArrayList<>();
    for (int n = 0; n < EXAMPLES; n++) {
      double[] x = new double[inputs];
      for (int i = 0; i < inputs; i++) {
        x[i] = 4 * random.nextDouble() - 2;
      }
      data.add(new Example<>(x, new int[] {random.nextInt(3)}));
    }
    return data;
  }
}
