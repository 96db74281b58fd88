package dev.dither.samples.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.InferenceModel;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Trainable;
import dev.dither.runtime.VariableLengthInferenceModel;
import dev.dither.runtime.VariableLengthTrainable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** {@code inferenceView()}: shared weights, own buffers, the model's results bit for bit, from many threads. */
class InferenceViewTest {

  static float[] randomInputs(Random random, int batch, int width) {
    float[] x = new float[batch * width];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (random.nextGaussian() * 2);
    }
    return x;
  }

  static int[] randomLabels(Random random, int batch, int classes) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  static int[] randomLengths(Random random, int batch, int maxSteps) {
    int[] lengths = new int[batch];
    for (int n = 0; n < batch; n++) {
      lengths[n] = 1 + random.nextInt(maxSteps);
    }
    return lengths;
  }

  /** Generic training through the typed interface, without reflection or a per-network adapter. */
  static <X, Y> double train(Trainable<X, Y> model, X inputs, Y targets, int steps) {
    double last = 0;
    for (int i = 0; i < steps; i++) {
      last = model.trainStep(inputs, targets);
    }
    return last;
  }

  private static NahMlpModel trainedNahMlp() {
    NahMlpModel model = new NahMlpModel(7).optimizer(Optimizers.adam(1e-2))
        .noiseSchedule(AnnealingSchedules.paper(3, 5, 0.5));
    Random random = new Random(1);
    train(model, randomInputs(random, 16, NahMlpModel.INPUT_SIZE), randomLabels(random, 16, 5), 40);
    return model;
  }

  @Test
  void fourThreadsOfTenThousandCallsOnSharedWeightsEqualOneThreadBitwise() throws Exception {
    NahMlpModel model = trainedNahMlp();
    int calls = 10_000;
    Random random = new Random(2);
    float[][] inputs = new float[64][];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = randomInputs(random, 1 + i % 4, NahMlpModel.INPUT_SIZE);
    }
    float[][] expected = new float[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      expected[i] = model.infer(inputs[i]);
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      Trainable<float[], int[]> generic = model;
      for (int t = 0; t < 4; t++) {
        InferenceModel<float[]> view = generic.inferenceView();   // through the interface, as generic code would
        int offset = t;
        results.add(pool.submit((Callable<Integer>) () -> {
          float[][] out = new float[inputs.length][];
          for (int i = 0; i < inputs.length; i++) {
            out[i] = new float[expected[i].length];
          }
          int checked = 0;
          for (int c = 0; c < calls; c++) {
            int i = (c * 7 + offset) % inputs.length;
            view.infer(inputs[i], out[i]);
            if (!java.util.Arrays.equals(expected[i], out[i])) {
              throw new AssertionError("call " + c + " on thread " + offset + " differs from the single-threaded result");
            }
            checked++;
          }
          return checked;
        }));
      }
      for (Future<Integer> f : results) {
        assertEquals(calls, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void viewSharesTheWeightsAndSnapshotsTheNoiseLevel() {
    NahMlpModel model = trainedNahMlp();
    float[] x = randomInputs(new Random(3), 5, NahMlpModel.INPUT_SIZE);
    NahMlpModel.InferenceView view = model.inferenceView();
    assertArrayEquals(model.infer(x), view.infer(x));
    // Weights are shared, not copied: a later change shows in the view.
    model.parameters().get("logits.bias").set(0, 3.0);
    assertArrayEquals(model.infer(x), view.infer(x));
    // The NAH level c is the one in force when the view was made; a new view sees the new level.
    float[] before = view.infer(x);
    model.noiseSchedule(AnnealingSchedules.constant(20));
    assertArrayEquals(before, view.infer(x));
    assertNotEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(model.infer(x)));
    assertArrayEquals(model.infer(x), model.inferenceView().infer(x));
  }

  @Test
  void viewsHoldNoTrainingStateAndShareEveryWeightArray() throws Exception {
    for (Object model : List.of(new NahMlpModel(1), new RegressionModel(1), new TokenLstmModel(1), new StepGruModel(1))) {
      Object view = model.getClass().getMethod("inferenceView").invoke(model);
      java.util.Set<Object> modelArrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (java.lang.reflect.Field f : model.getClass().getDeclaredFields()) {
        f.setAccessible(true);
        if (f.getType().isArray() && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          modelArrays.add(f.get(model));
        }
      }
      int shared = 0;
      for (java.lang.reflect.Field f : view.getClass().getDeclaredFields()) {
        String name = f.getName();
        assertTrue(!name.endsWith("Grad") && !name.endsWith("Schedule") && !name.equals("optimizer")
            && !name.equals("parameters") && !name.equals("steps"), view.getClass() + " holds " + name);
        if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        f.setAccessible(true);
        Object value = f.get(view);
        if (value != null && modelArrays.contains(value)) {
          shared++;
          java.lang.reflect.Field own = model.getClass().getDeclaredField(name);
          own.setAccessible(true);
          assertTrue(value == own.get(model), name + " is shared under its own name");
        }
      }
      // Every parameter's values, and nothing else, come from the model.
      assertEquals(((dev.dither.runtime.GeneratedModel) model).parameters().count(), shared, view.getClass().getName());
    }
  }

  @Test
  void probabilitiesAreTheSoftmaxOfTheLogitsOnModelAndView() {
    NahMlpModel model = trainedNahMlp();
    Random random = new Random(4);
    for (int trial = 0; trial < 50; trial++) {
      int batch = 1 + random.nextInt(20);
      float[] x = randomInputs(random, batch, NahMlpModel.INPUT_SIZE);
      float[] logits = model.infer(x);
      float[] p = new float[logits.length];
      model.probabilities(x, p);
      float[] q = new float[logits.length];
      model.inferenceView().probabilities(x, q);
      assertArrayEquals(p, q);
      int[] classes = new int[batch];
      model.inferenceView().classify(x, classes);
      for (int n = 0; n < batch; n++) {
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int k = 0; k < 5; k++) {
          max = Math.max(max, logits[n * 5 + k]);
        }
        for (int k = 0; k < 5; k++) {
          sum += Math.exp(logits[n * 5 + k] - max);
        }
        double total = 0;
        int best = 0;
        for (int k = 0; k < 5; k++) {
          assertEquals(Math.exp(logits[n * 5 + k] - max) / sum, p[n * 5 + k], 1e-6);
          total += p[n * 5 + k];
          best = p[n * 5 + k] > p[n * 5 + best] ? k : best;
        }
        assertEquals(1.0, total, 1e-5);
        assertEquals(best, classes[n]);
      }
    }
  }

  @Test
  void aSoftmaxOutputLayerIsNotSoftmaxedTwice() {
    SoftmaxOutModel model = new SoftmaxOutModel(5);
    double[] x = {0.5, -1, 2, 3, 0, -2};
    double[] out = model.infer(x);
    double[] p = new double[out.length];
    model.probabilities(x, p);
    assertArrayEquals(out, p);
    assertEquals(1.0, p[0] + p[1] + p[2] + p[3], 1e-12);
  }

  @Test
  void regressionViewsInferAndRefuseProbabilitiesWithAReason() {
    RegressionModel model = new RegressionModel(2);
    double[] x = {1, 2, 3, 4};
    InferenceModel<double[]> view = model.inferenceView();
    double[] y = new double[2];
    view.infer(x, y);
    assertArrayEquals(model.infer(x), y);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> view.probabilities(x, new double[2]));
    assertTrue(e.getMessage().contains("SOFTMAX_CROSS_ENTROPY") && e.getMessage().contains("MEAN_SQUARED_ERROR"),
        e.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> view.classify(x, new int[1]));
  }

  @Test
  void variableLengthTokenViewsEqualTheModel() {
    TokenLstmModel model = new TokenLstmModel(3).optimizer(Optimizers.adam(1e-2));
    Random random = new Random(5);
    int batch = 9;
    int[] tokens = randomLabels(random, batch * 6, 7);    // token ids in [0, 7)
    int[] lengths = randomLengths(random, batch, 6);
    VariableLengthTrainable<int[], float[], int[]> trainable = model;
    for (int i = 0; i < 20; i++) {
      trainable.trainStep(tokens, lengths, randomLabels(random, batch, 3));
    }
    float[] expected = new float[batch * 3];
    model.infer(tokens, lengths, expected);
    VariableLengthInferenceModel<int[], float[]> view = model.inferenceView();
    float[] actual = new float[batch * 3];
    view.infer(tokens, lengths, actual);
    assertArrayEquals(expected, actual);
  }

  @Test
  void perStepGruViewsEqualTheModel() {
    StepGruModel model = new StepGruModel(4);
    double[] x = new double[5 * 4 * 3];
    Random random = new Random(6);
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    int[] expected = new int[5 * 4];
    model.classify(x, expected);
    int[] actual = new int[5 * 4];
    model.inferenceView().classify(x, actual);
    assertArrayEquals(expected, actual);
    assertArrayEquals(model.infer(x), model.inferenceView().infer(x));
  }
}
