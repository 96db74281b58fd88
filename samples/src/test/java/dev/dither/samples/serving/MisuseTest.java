package dev.dither.samples.serving;

import static dev.dither.samples.serving.InferenceViewTest.randomInputs;
import static dev.dither.samples.serving.InferenceViewTest.randomLabels;
import static dev.dither.samples.serving.InferenceViewTest.randomLengths;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedule;
import dev.dither.runtime.NonFiniteLossException;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
import dev.dither.samples.AllocationWindows;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Run-time misuse of a generated model gets an exception that says what is wrong (issue 9). */
class MisuseTest {

  private static void assertMentions(Throwable e, String... words) {
    for (String w : words) {
      assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
    }
  }

  @Test
  void twoThreadsTrainingOneInstanceFailClearly() throws Exception {
    NahMlpModel model = new NahMlpModel(1).optimizer(Optimizers.sgd(0.01));
    Random random = new Random(1);
    float[] small = randomInputs(random, 4, NahMlpModel.INPUT_SIZE);
    int[] smallLabels = randomLabels(random, 4, 5);
    float[] large = randomInputs(random, 64, NahMlpModel.INPUT_SIZE);
    int[] largeLabels = randomLabels(random, 64, 5);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      boolean big = t == 1;
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 200_000 && failure.get() == null; i++) {
            model.trainStep(big ? large : small, big ? largeLabels : smallLabels);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, "trainer-" + t);
      threads.add(thread);
      thread.start();
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    Throwable e = failure.get();
    assertTrue(e instanceof ConcurrentModificationException, "expected a clear concurrency error, got " + e);
    assertMentions(e, "NahMlp", "trainStep", "single-threaded", "inferenceView()", "one model per thread");
    // The instance is still usable by one thread afterwards.
    model.trainStep(small, smallLabels);
  }

  @Test
  void oneViewSharedByTwoThreadsFailsClearly() throws Exception {
    NahMlpModel.InferenceView view = new NahMlpModel(1).inferenceView();
    float[] x = randomInputs(new Random(2), 200, NahMlpModel.INPUT_SIZE);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 2; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 200_000 && failure.get() == null; i++) {
            view.infer(x);
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(failure.get() instanceof ConcurrentModificationException, String.valueOf(failure.get()));
    assertMentions(failure.get(), "inference view", "one inferenceView() per thread");
  }

  @Test
  void aShortLabelArrayIsReportedAsLabelsNotInputs() {
    NahMlpModel model = new NahMlpModel(1);
    Random random = new Random(3);
    for (int trial = 0; trial < 200; trial++) {
      int batch = 1 + random.nextInt(40);
      int labels = random.nextBoolean() ? batch - 1 : batch + 1 + random.nextInt(5);
      float[] x = randomInputs(random, batch, NahMlpModel.INPUT_SIZE);
      int[] y = randomLabels(random, labels, 5);
      for (Runnable call : List.<Runnable>of(() -> model.trainStep(x, y), () -> model.loss(x, y),
          () -> model.gradients(x, y))) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertMentions(e, "labels", "for the " + batch + " examples of the inputs, got " + labels);
      }
    }
    RegressionModel regression = new RegressionModel(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> regression.trainStep(new double[8], new double[3]));
    assertMentions(e, "targets", "4 for the 2 examples of the inputs, got 3");
  }

  @Test
  void nullArgumentsAreNamed() {
    NahMlpModel model = new NahMlpModel(1);
    float[] x = new float[NahMlpModel.INPUT_SIZE];
    assertMentions(assertThrows(NullPointerException.class, () -> model.trainStep(null, new int[1])), "trainStep", "'inputs'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.trainStep(x, null)), "trainStep", "'labels'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.infer(x, null)), "infer", "'outputs'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.infer(null)), "infer", "'inputs'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.classify(x, null)), "classify", "'classes'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.probabilities(null, new float[5])),
        "probabilities", "'inputs'");
    assertMentions(assertThrows(NullPointerException.class, () -> model.inferenceView().infer(null, new float[5])),
        "'inputs'");
    TokenLstmModel tokens = new TokenLstmModel(1);
    assertMentions(assertThrows(NullPointerException.class,
        () -> tokens.trainStep(new int[6], null, new int[1])), "trainStep", "'lengths'");
  }

  @Test
  void hugeFiniteInputsSayTheForwardPassOverflowedNotTheLearningRate() {
    NahMlpModel model = new NahMlpModel(1);
    Random random = new Random(4);
    for (int trial = 0; trial < 20; trial++) {
      float[] x = randomInputs(random, 8, NahMlpModel.INPUT_SIZE);
      x[random.nextInt(x.length)] = (float) (1e30 * (random.nextBoolean() ? 1 : -1) * (1 + random.nextInt(100_000)));
      int[] y = randomLabels(random, 8, 5);
      try {
        model.trainStep(x, y);
      } catch (NonFiniteLossException e) {
        assertMentions(e, "overflowed", "FLOAT", "Scale the inputs");
        assertTrue(!e.getMessage().contains("Lower the learning rate"), e.getMessage());
      }
    }
    float[] x = new float[NahMlpModel.INPUT_SIZE];
    java.util.Arrays.fill(x, 1e30f);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> model.trainStep(x, new int[] {0}));
    assertMentions(e, "overflowed the FLOAT range");
  }

  @Test
  void aParameterHoldingNaNIsNamedWhenTheLossTurnsNonFinite() {
    NahMlpModel model = new NahMlpModel(1);
    model.parameters().get("hidden.weight").floatValues()[17] = Float.NaN;   // behind Parameter's back
    float[] ones = new float[NahMlpModel.INPUT_SIZE];
    java.util.Arrays.fill(ones, 1f);   // zero inputs skip their weight rows, and would never read the NaN
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> model.trainStep(ones, new int[] {1}));
    assertMentions(e, "hidden.weight", "index 17", "NaN");
  }

  @Test
  void parameterWritesRefuseNonFiniteValuesAndChangeNothing() {
    NahMlpModel model = new NahMlpModel(1);
    Random random = new Random(5);
    double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e39, -3e38 * 10};
    for (int trial = 0; trial < 100; trial++) {
      var p = model.parameters().get(random.nextInt(model.parameters().count()));
      float[] before = p.floatValues().clone();
      int index = random.nextInt(p.size());
      double value = bad[random.nextInt(bad.length)];
      assertMentions(assertThrows(IllegalArgumentException.class, () -> p.set(index, value)), p.name(), "finite");
      double[] source = new double[p.size()];
      source[index] = value;
      assertMentions(assertThrows(IllegalArgumentException.class, () -> p.copyFrom(source)), p.name());
      assertThrows(IllegalArgumentException.class, () -> p.copyFromTorchLayout(source));
      assertArrayEquals(before, p.floatValues());
    }
  }

  @Test
  void badNoiseLevelsFromAnyScheduleNameLayerStepAndValue() {
    Random random = new Random(6);
    double[] bad = {-1e-9, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e39};
    for (int trial = 0; trial < 30; trial++) {
      long badStep = random.nextInt(5);
      double value = bad[random.nextInt(bad.length)];
      AnnealingSchedule schedule = step -> step == badStep ? value : 0.5;
      NahMlpModel model = new NahMlpModel(1).noiseSchedule("hidden", schedule);
      float[] x = randomInputs(random, 3, NahMlpModel.INPUT_SIZE);
      int[] y = randomLabels(random, 3, 5);
      for (long s = 0; s < badStep; s++) {
        model.trainStep(x, y);
      }
      float[] before = model.parameters().get("hidden.weight").floatValues().clone();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> model.trainStep(x, y));
      assertMentions(e, "layer 'hidden'", "step " + badStep, "returned " + value);
      assertArrayEquals(before, model.parameters().get("hidden.weight").floatValues());
      assertThrows(IllegalStateException.class, model::inferenceView);
    }
  }

  @Test
  void anOptimizerBelongsToOneModel() {
    Optimizer adam = Optimizers.adam(1e-3);
    NahMlpModel first = new NahMlpModel(1).optimizer(adam);
    first.optimizer(adam);   // binding the same model again is fine
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new NahMlpModel(2).optimizer(adam));
    assertMentions(e, "already belongs to another model", "one optimizer per model");
    assertThrows(IllegalStateException.class, () -> new RegressionModel(2).optimizer(adam));
  }

  private static int capacity(Object instance) throws ReflectiveOperationException {
    Field f = instance.getClass().getDeclaredField("capacity");
    f.setAccessible(true);
    return f.getInt(instance);
  }

  @Test
  void aHugeInferBatchRunsInSlicesAndKeepsNoMemory() throws Exception {
    NahMlpModel model = new NahMlpModel(3);
    Random random = new Random(7);
    float[] small = randomInputs(random, 32, NahMlpModel.INPUT_SIZE);
    model.trainStep(small, randomLabels(random, 32, 5));
    int batch = 100_000;
    float[] x = randomInputs(random, batch, NahMlpModel.INPUT_SIZE);
    float[] whole = new float[batch * 5];
    model.infer(x, whole);
    int[] classes = new int[batch];
    model.classify(x, classes);
    NahMlpModel.InferenceView view = model.inferenceView();
    float[] viewed = new float[batch * 5];
    view.infer(x, viewed);
    assertEquals(1024, capacity(model), "the model's buffers are bounded by the slice");
    assertEquals(1024, capacity(view), "the view's buffers are bounded by the slice");
    assertArrayEquals(whole, viewed);
    // Slice by slice, with slices of random sizes, gives the same bits.
    for (int start = 0; start < batch; ) {
      int rows = Math.min(batch - start, 1 + random.nextInt(3000));
      float[] part = java.util.Arrays.copyOfRange(x, start * NahMlpModel.INPUT_SIZE, (start + rows) * NahMlpModel.INPUT_SIZE);
      float[] out = model.infer(part);
      assertArrayEquals(java.util.Arrays.copyOfRange(whole, start * 5, (start + rows) * 5), out, "rows from " + start);
      start += rows;
    }
    int[] perSlice = new int[batch];
    view.classify(x, perSlice);
    assertArrayEquals(classes, perSlice);
  }

  @Test
  void aHugeVariableLengthBatchSlicesItsLengthsToo() throws Exception {
    TokenLstmModel model = new TokenLstmModel(3);
    Random random = new Random(8);
    int batch = 5000;
    int[] tokens = randomLabels(random, batch * 6, 7);    // token ids in [0, 7)
    int[] lengths = randomLengths(random, batch, 6);
    float[] whole = new float[batch * 3];
    model.infer(tokens, lengths, whole);
    assertEquals(1024, capacity(model));
    for (int n = 0; n < batch; n += 997) {
      float[] one = new float[3];
      model.infer(java.util.Arrays.copyOfRange(tokens, n * 6, n * 6 + 6), new int[] {lengths[n]}, one);
      assertArrayEquals(java.util.Arrays.copyOfRange(whole, n * 3, n * 3 + 3), one, "example " + n);
    }
  }

  @Test
  void guardedEntryPointsStillAllocateNothing() {
    NahMlpModel model = new NahMlpModel(3).optimizer(Optimizers.adam(1e-3));
    Random random = new Random(9);
    float[] x = randomInputs(random, 16, NahMlpModel.INPUT_SIZE);
    int[] y = randomLabels(random, 16, 5);
    float[] out = new float[16 * 5];
    int[] classes = new int[16];
    NahMlpModel.InferenceView view = model.inferenceView();
    List<Long> training = AllocationWindows.measure(() -> model.trainStep(x, y), 3000, 8, 500);
    assertEquals(0L, AllocationWindows.smallest(training), "bytes per window of training steps: " + training);
    List<Long> serving = AllocationWindows.measure(() -> {
      view.infer(x, out);
      view.probabilities(x, out);
      view.classify(x, classes);
      model.probabilities(x, out);
    }, 3000, 8, 500);
    assertEquals(0L, AllocationWindows.smallest(serving), "bytes per window of view calls: " + serving);
  }
}
