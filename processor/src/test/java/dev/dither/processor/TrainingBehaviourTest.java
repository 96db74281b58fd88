package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.NonFiniteLossException;
import dev.dither.runtime.NonFiniteLossPolicy;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad input, non-finite losses, reproducibility and schedules of a generated network. */
class TrainingBehaviourTest {
  private static ClassLoader networks;

  @BeforeAll
  static void compile() {
    networks = NetworkCompiler.compile(Map.of("test.Small", NetworkCompiler.source("Small", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
        interface $NAME {
          @Input(4) void features();
          @Dense(6) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5)) void hidden();
          @Dense(5) @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NAN, c = 1)) void gate();
          @Dense(3) void logits();
        }""")));
  }

  private static GeneratedNet small(long seed) {
    return GeneratedNet.create(networks, "test.SmallModel", seed);
  }

  private static final double[] X = {0.5, -1, 2, 0, 1, 1, -3, 0.25};
  private static final int[] LABELS = {2, 0};

  @Test
  void wrongInputLengthNamesLayerExpectedAndActual() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small(1).trainStep(new double[7], LABELS));
    assertTrue(e.getMessage().contains("'features'") && e.getMessage().contains("= 8")
        && e.getMessage().contains("got 7"), e.getMessage());
  }

  @Test
  void labelOutOfRangeNamesOutputLayer() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> small(1).trainStep(X, new int[] {0, 3}));
    assertTrue(e.getMessage().contains("'logits'") && e.getMessage().contains("[0, 3)")
        && e.getMessage().contains("got 3"), e.getMessage());
  }

  @Test
  void nonFiniteInputIsRejected() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
      double[] x = X.clone();
      x[5] = bad;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small(1).trainStep(x, LABELS));
      assertTrue(e.getMessage().contains("'features'") && e.getMessage().contains("example 1, feature 1"), e.getMessage());
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small(1).infer(new double[] {1, 2, 3, Double.NaN}));
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
  }

  @Test
  void emptyBatchIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> small(1).trainStep(new double[0], new int[0]));
  }

  @Test
  void nonFiniteLossLeavesParametersUntouched() {
    GeneratedNet net = small(1);
    net.model.optimizer(Optimizers.adam(0.01));
    net.trainStep(X, LABELS);
    // Float.MAX_VALUE in the first logit's bias and weights overflows it to infinity: the loss is NaN.
    net.param("logits.bias").set(0, Float.MAX_VALUE);
    for (int i = 0; i < 5; i++) {
      net.param("logits.weight").set(i * 3, Float.MAX_VALUE);
    }
    List<double[]> before = snapshot(net);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> net.trainStep(X, LABELS));
    assertEquals(1, e.step());
    assertTrue(e.getMessage().contains("Small") && e.getMessage().contains("step 1"), e.getMessage());
    assertParametersEqual(before, snapshot(net));
    assertEquals(1, net.model.steps());

    net.model.nonFiniteLoss(NonFiniteLossPolicy.SKIP);
    assertTrue(Double.isNaN(net.trainStep(X, LABELS)));
    assertParametersEqual(before, snapshot(net));
    assertEquals(1, net.model.steps(), "a skipped batch is not a step");
  }

  @Test
  void equalSeedsGiveBitIdenticalTraining() {
    GeneratedNet a = small(42).noise(new dev.dither.runtime.CounterNoise(42));
    GeneratedNet b = small(42);
    a.model.optimizer(Optimizers.sgd(0.1, 0.9));
    b.model.optimizer(Optimizers.sgd(0.1, 0.9));
    for (int i = 0; i < 20; i++) {
      assertEquals(Double.doubleToLongBits(a.trainStep(X, LABELS)), Double.doubleToLongBits(b.trainStep(X, LABELS)));
    }
    assertParametersEqual(snapshot(a), snapshot(b));
    GeneratedNet other = small(43);
    assertTrue(snapshot(other).get(0)[0] != snapshot(small(42)).get(0)[0], "different seeds differ");
  }

  @Test
  void noiseDoesNotDependOnHowABatchIsSplit() {
    DitherRandom random = new DitherRandom(3);
    double[] x = new double[32 * 4];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextUniform(-4, 4);
    }
    double[] whole = small(5).sample(x);
    GeneratedNet split = small(5);
    double[] first = split.sample(java.util.Arrays.copyOfRange(x, 0, 16 * 4));
    double[] second = split.sample(java.util.Arrays.copyOfRange(x, 16 * 4, 32 * 4));
    double[] joined = new double[whole.length];
    System.arraycopy(first, 0, joined, 0, first.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    assertArrayEquals(whole, joined);
  }

  @Test
  void schedulesAdvanceWithTrainingSteps() {
    GeneratedNet net = small(1);
    assertEquals(0.5, net.model.noiseLevel("hidden"));
    assertEquals(1.0, net.model.noiseLevel("gate"));
    net.model.noiseSchedule("hidden", AnnealingSchedules.paper(30, 2, 0.5));
    assertEquals(30.0, net.model.noiseLevel("hidden"));
    net.trainStep(X, LABELS);
    net.trainStep(X, LABELS);
    assertEquals(30 / Math.sqrt(2), net.model.noiseLevel("hidden"), 1e-12);
    assertEquals(1.0, net.model.noiseLevel("gate"), "schedules are per layer");
    net.model.noiseSchedule(AnnealingSchedules.constant(0.25));
    assertEquals(0.25, net.model.noiseLevel("gate"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.model.noiseLevel("logits"));
    assertTrue(e.getMessage().contains("hidden, gate"), e.getMessage());
  }

  @Test
  void trainingReducesTheLoss() {
    GeneratedNet net = small(8);
    net.model.optimizer(Optimizers.adam(0.01));
    double first = net.loss(X, LABELS);
    for (int i = 0; i < 200; i++) {
      net.trainStep(X, LABELS);
    }
    assertTrue(net.loss(X, LABELS) < first / 4, "loss " + first + " → " + net.loss(X, LABELS));
  }

  private static List<double[]> snapshot(GeneratedNet net) {
    List<double[]> values = new ArrayList<>();
    for (Parameter p : net.model.parameters().all()) {
      double[] v = new double[p.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = p.get(i);
      }
      values.add(v);
    }
    return values;
  }

  private static void assertParametersEqual(List<double[]> expected, List<double[]> actual) {
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i));
    }
  }
}
