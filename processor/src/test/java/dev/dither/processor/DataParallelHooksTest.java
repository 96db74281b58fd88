package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code applyGradients} and {@code position}: the hooks that let replicas share a training step. */
class DataParallelHooksTest {
  private static final int INPUTS = 4;
  private static ClassLoader networks;

  @BeforeAll
  static void compile() {
    networks = NetworkCompiler.compile(Map.of("test.Split", NetworkCompiler.source("Split", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(4) void features();
          @Dense(6) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5)) void hidden();
          @Dense(5) @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NAN, c = 1)) void gate();
          @Dense(3) void logits();
        }""")));
  }

  private static GeneratedNet net() {
    GeneratedNet net = GeneratedNet.create(networks, "test.SplitModel", 7);
    net.model.optimizer(Optimizers.adam(0.01)).gradientClipping(0.5)
        .noiseSchedule(AnnealingSchedules.paper(3, 2, 0.5));
    return net;
  }

  /** Random inputs and labels for {@code batch} examples, different for every call of the generator. */
  private static double[] inputs(DitherRandom random, int batch) {
    double[] x = new double[batch * INPUTS];
    for (int i = 0; i < x.length; i++) {
      x[i] = 4 * random.nextDouble() - 2;
    }
    return x;
  }

  private static int[] labels(DitherRandom random, int batch) {
    int[] y = new int[batch];
    for (int i = 0; i < batch; i++) {
      y[i] = random.nextInt(3);
    }
    return y;
  }

  @Test
  void gradientsThenApplyIsTrainStep() {
    GeneratedNet a = net();
    GeneratedNet b = net();
    DitherRandom random = new DitherRandom(11);
    for (int step = 0; step < 6; step++) {
      int batch = 1 + random.nextInt(5);
      double[] x = inputs(random, batch);
      int[] y = labels(random, batch);
      double la = a.trainStep(x, y);
      double lb = b.gradients(x, y);
      b.model.applyGradients(batch);
      assertEquals(la, lb);
      assertEquals(a.model.steps(), b.model.steps());
      assertEquals(a.model.examplesSeen(), b.model.examplesSeen());
    }
    for (Parameter p : a.model.parameters().all()) {
      assertArrayEquals(p.doubleValues(), b.param(p.name()).doubleValues(), p.name());
    }
  }

  /**
   * A batch split at any point into two positioned slices, each gradient weighted by its share,
   * gives the full batch's gradient: each example sees the noise it would see in one piece.
   */
  @Test
  void positionedSlicesSumToTheWholeBatch() {
    DitherRandom random = new DitherRandom(3);
    for (int trial = 0; trial < 20; trial++) {
      int batch = 2 + random.nextInt(7);
      int cut = 1 + random.nextInt(batch - 1);
      long steps = random.nextInt(10);
      long seen = random.nextInt(1000);
      double[] x = inputs(random, batch);
      int[] y = labels(random, batch);

      GeneratedNet whole = net();
      whole.model.position(steps, seen);
      double wholeLoss = whole.gradients(x, y);

      GeneratedNet slices = net();
      slices.model.position(steps, seen);
      double firstLoss = slices.gradients(java.util.Arrays.copyOfRange(x, 0, cut * INPUTS), java.util.Arrays.copyOfRange(y, 0, cut));
      double[][] first = grads(slices);
      slices.model.position(steps, seen + cut);
      double secondLoss = slices.gradients(java.util.Arrays.copyOfRange(x, cut * INPUTS, x.length),
          java.util.Arrays.copyOfRange(y, cut, batch));
      double[][] second = grads(slices);

      assertEquals(wholeLoss, (cut * firstLoss + (batch - cut) * secondLoss) / batch, 1e-12);
      double[][] expected = grads(whole);
      for (int p = 0; p < expected.length; p++) {
        for (int i = 0; i < expected[p].length; i++) {
          double summed = (cut * first[p][i] + (batch - cut) * second[p][i]) / batch;
          assertEquals(expected[p][i], summed, 1e-12, "parameter " + p + " index " + i);
        }
      }
      assertEquals(steps, slices.model.steps(), "gradients(...) leaves the counters alone");
      assertEquals(seen + cut, slices.model.examplesSeen());
    }
  }

  /** The schedule is read at the positioned step; the noise level says so. */
  @Test
  void positionMovesTheAnnealingStep() {
    GeneratedNet net = net();
    net.model.position(8, 0);
    assertEquals(3 / Math.sqrt(5), net.model.noiseLevel("hidden"), 1e-15);
    assertEquals(8, net.model.steps());
  }

  @Test
  void badCountersAreRejectedAndChangeNothing() {
    GeneratedNet net = net();
    net.model.position(3, 40);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.model.position(-1, 5));
    assertTrue(e.getMessage().contains("Split") && e.getMessage().contains("steps = -1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> net.model.position(1, -5));
    e = assertThrows(IllegalArgumentException.class, () -> net.model.applyGradients(-2));
    assertTrue(e.getMessage().contains("got -2"), e.getMessage());
    assertEquals(3, net.model.steps());
    assertEquals(40, net.model.examplesSeen());
  }

  private static double[][] grads(GeneratedNet net) {
    return net.model.parameters().all().stream().map(p -> p.doubleGrads().clone()).toArray(double[][]::new);
  }
}
