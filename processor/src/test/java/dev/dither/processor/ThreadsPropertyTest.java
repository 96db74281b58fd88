package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dither.processor.property.Properties;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code threads(n)} splits rows, never sums, so training on any number of threads must give
 * exactly the bits of one thread: every parameter and every loss, step after step, for random
 * descriptions (dense, recurrent, embeddings, every noise variant) and batches that take the
 * blocked kernels, odd ones included so that a lane ends on an unpaired row.
 */
class ThreadsPropertyTest {
  private static final int TRIES = 6;
  private static final int STEPS = 3;

  record Case(List<Description> descriptions, int threads, int batch) {}

  @Test
  void anyThreadCountTrainsToTheBitsOfOneThread() {
    Properties.check("threads(n) trains to the bits of one thread", TRIES,
        c -> new Case(c.list(1, 2, DescriptionPropertiesTest::validDescription), c.between(2, 4),
            c.pick(4, 5, 7, 12, 33)),
        k -> {
          Map<String, Description> byInterface = DescriptionPropertiesTest.named(k.descriptions());
          ClassLoader loader = NetworkCompiler.compile(DescriptionPropertiesTest.sources(byInterface));
          byInterface.forEach((interfaceName, d) -> {
            String type = d.generatedClass(DescriptionPropertiesTest.PACKAGE, interfaceName);
            GeneratedNet one = GeneratedNet.create(loader, type, 11);
            GeneratedNet many = GeneratedNet.create(loader, type, 11);
            one.model.optimizer(Optimizers.adam(0.01));
            many.model.optimizer(Optimizers.adam(0.01)).threads(k.threads());
            DitherRandom random = new DitherRandom(interfaceName.hashCode());
            for (int step = 0; step < STEPS; step++) {
              Object[] args = DescriptionPropertiesTest.arguments(d, one.model, random, k.batch());
              double a = (double) one.invoke("trainStep", args);
              double b = (double) many.invoke("trainStep", args);
              assertEquals(Double.doubleToRawLongBits(a), Double.doubleToRawLongBits(b),
                  "loss of step " + step + " on " + k.threads() + " threads: " + b + " vs " + a + "\n" + d);
            }
            assertSameParameters(one.model, many.model, d + "\non " + k.threads() + " threads");
            many.model.threads(1);
          });
        });
  }

  /**
   * Enough terms in p's gradient (9 examples × 24 steps per unit) that summing them in another
   * order than one thread's would change some bits: the sum after BPTT must keep that order.
   */
  @Test
  void pGradientOfANoisyLstmSumsInTheOrderOfOneThread() {
    ClassLoader loader = NetworkCompiler.compile(Map.of("test.NoisyCell", NetworkCompiler.source("NoisyCell", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
        interface $NAME {
          @Input(5) @Sequence(24) void x();
          @Lstm(value = 16, functions = GateFunctions.NOISY, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
          void lstm();
          @Dense(3) void y();
        }""")));
    for (int threads : new int[] {2, 3}) {
      GeneratedNet one = GeneratedNet.create(loader, "test.NoisyCellModel", 3);
      GeneratedNet many = GeneratedNet.create(loader, "test.NoisyCellModel", 3);
      many.model.threads(threads);
      DitherRandom random = new DitherRandom(5);
      double[] x = new double[9 * 24 * 5];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextUniform(-4, 4);
      }
      int[] labels = {0, 1, 2, 0, 1, 2, 0, 1, 2};
      one.gradients(x, labels);
      many.gradients(x, labels);
      float[] expected = one.param("lstm.p_gates").floatGrads();
      float[] actual = many.param("lstm.p_gates").floatGrads();
      for (int i = 0; i < expected.length; i++) {
        assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
            "p_gates gradient " + i + " on " + threads + " threads: " + actual[i] + ", not " + expected[i]);
      }
      many.model.threads(1);
    }
  }

  /** A model dropped without {@code threads(1)} (one of many in a sweep) does not leave its threads behind. */
  @Test
  void aModelThatBecomesUnreachableEndsItsThreads() throws InterruptedException {
    ClassLoader loader = NetworkCompiler.compile(Map.of("test.Dropped", NetworkCompiler.source("Dropped", """
        @Network
        interface $NAME {
          @Input(3) void x();
          @Dense(8) @Activation(Fn.HARD_TANH) void h();
          @Dense(2) void y();
        }""")));
    trainOnTwoThreadsAndDrop(loader);
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dither-Dropped-worker-1")).findFirst().orElseThrow();
    for (int i = 0; i < 100 && worker.isAlive(); i++) {
      System.gc();
      worker.join(100);
    }
    assertEquals(false, worker.isAlive(), "the worker of an unreachable model still runs");
  }

  private static void trainOnTwoThreadsAndDrop(ClassLoader loader) {
    GeneratedNet net = GeneratedNet.create(loader, "test.DroppedModel", 1);
    net.model.threads(2);
    net.trainStep(new double[8 * 3], new int[8]);
  }

  @Test
  void threadCountIsChecked() {
    GeneratedNet net = NetworkCompiler.single("Tiny", """
        @Network
        interface $NAME {
          @Input(3) void x();
          @Dense(2) void y();
        }""", 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.model.threads(0));
    assertEquals("Tiny: threads must be between 1 and 256, got 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> net.model.threads(257));
  }

  static void assertSameParameters(GeneratedModel expected, GeneratedModel actual, String what) {
    for (Parameter p : expected.parameters().all()) {
      Parameter q = actual.parameters().get(p.name());
      for (int i = 0; i < p.size(); i++) {
        if (Double.doubleToRawLongBits(p.get(i)) != Double.doubleToRawLongBits(q.get(i))) {
          throw new AssertionError(p.name() + "[" + i + "] is " + q.get(i) + ", not " + p.get(i) + ", for " + what);
        }
      }
    }
  }
}
