package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The run-time checks behind issue 9's misuse cases, on generated inputs. */
class ServingChecksTest {

  @Test
  void noiseLevelsMustBeFiniteAndNonNegativeWhateverTheSchedule() {
    Random random = new Random(1);
    for (int trial = 0; trial < 1000; trial++) {
      double level = switch (random.nextInt(6)) {
        case 0 -> -random.nextDouble() * 10 - Double.MIN_VALUE;
        case 1 -> Double.NaN;
        case 2 -> random.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        case 3 -> Float.MAX_VALUE * (1.0 + random.nextDouble() + 1e-6);
        default -> random.nextDouble() * 100;
      };
      long step = random.nextInt(1_000_000);
      boolean isFloat = random.nextBoolean();
      boolean fits = level >= 0 && Double.isFinite(level) && (!isFloat || level <= Float.MAX_VALUE);
      if (fits) {
        assertEquals(level, Checks.noiseLevel("Net", "hidden", step, level, isFloat));
      } else {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> Checks.noiseLevel("Net", "hidden", step, level, isFloat));
        assertTrue(e.getMessage().contains("layer 'hidden'") && e.getMessage().contains("returned " + level)
            && e.getMessage().contains("at step " + step), e.getMessage());
      }
    }
  }

  @Test
  void targetsOfTheWrongLengthAreNamedWithTheInputsBatch() {
    Random random = new Random(2);
    for (int trial = 0; trial < 1000; trial++) {
      int batch = 1 + random.nextInt(100);
      int perExample = 1 + random.nextInt(5);
      int actual = random.nextInt(500);
      if (actual == batch * perExample) {
        Checks.targets("Net", "out", "labels", batch, perExample, actual);
        continue;
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> Checks.targets("Net", "out", "labels", batch, perExample, actual));
      assertTrue(e.getMessage().startsWith("Net: labels for output layer 'out'")
          && e.getMessage().contains(batch * perExample + " for the " + batch + " examples of the inputs, got " + actual),
          e.getMessage());
    }
  }

  @Test
  void inputsThatAreNotWholeExamplesAreMeasuredAgainstTheTargets() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checks.inputBatch("Net", "x", 7, 4, "labels", 2, 1));
    assertTrue(e.getMessage().contains("2 × 4 = 8 for the 2 examples of the labels, got 7"), e.getMessage());
    assertEquals(3, Checks.inputBatch("Net", "x", 12, 4, "labels", 5, 1));   // the labels are checked next
    assertThrows(IllegalArgumentException.class, () -> Checks.inputBatch("Net", "x", 0, 4, "labels", 0, 1));
  }

  @Test
  void nullsAreNamed() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Checks.notNull("Net", "infer", "outputs", null));
    assertEquals("Net: infer needs 'outputs', got null", e.getMessage());
    Checks.notNull("Net", "infer", "outputs", new float[0]);
  }

  @Test
  void anInfiniteFloatInputSaysFloatsOverflow() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Checks.finite("Net", "x", new float[] {1, (float) 1e39}, 2));
    assertTrue(e.getMessage().contains("Infinity at example 0, feature 1") && e.getMessage().contains("overflows"),
        e.getMessage());
  }

  @Test
  void softmaxRowsAreProbabilitiesEvenForHugeLogits() {
    Random random = new Random(3);
    for (int trial = 0; trial < 500; trial++) {
      int width = 1 + random.nextInt(12);
      int rows = 1 + random.nextInt(5);
      double scale = Math.pow(10, random.nextInt(40) - 5);
      double[] d = new double[rows * width];
      float[] f = new float[rows * width];
      for (int i = 0; i < d.length; i++) {
        f[i] = (float) (random.nextGaussian() * scale);
        d[i] = f[i];
      }
      double[] expected = d.clone();
      Probabilities.softmaxRows(d, width);
      Probabilities.softmaxRows(f, width);
      for (int r = 0; r < rows; r++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < width; k++) {
          max = Math.max(max, expected[r * width + k]);
        }
        double sum = 0;
        for (int k = 0; k < width; k++) {
          sum += Math.exp(expected[r * width + k] - max);
        }
        double total = 0;
        for (int k = 0; k < width; k++) {
          double p = Math.exp(expected[r * width + k] - max) / sum;
          assertEquals(p, d[r * width + k], 1e-15);
          assertEquals(p, f[r * width + k], 1e-7);
          total += d[r * width + k];
        }
        assertEquals(1.0, total, 1e-12);
      }
    }
  }

  @Test
  void anOptimizerIsBoundToOneOwner() {
    Object first = new Object();
    Object second = new Object();
    for (Optimizer o : List.of(Optimizers.sgd(0.1), Optimizers.adam(1e-3), Optimizers.rmsprop(1e-2))) {
      o.bind(first, "Net");
      o.bind(first, "Net");
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> o.bind(second, "Other"));
      assertTrue(e.getMessage().startsWith("Other: this optimizer") && e.getMessage().contains("one optimizer per model"),
          e.getMessage());
    }
  }

  @Test
  void parametersRefuseNonFiniteValuesAllOrNothing() {
    float[] values = {1, 2, 3, 4, 5, 6};
    Parameter p = Parameter.ofFloats("layer.weight", new int[] {2, 3}, true, true, values, new float[6]);
    Random random = new Random(4);
    double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 4e38, -1e300};
    for (int trial = 0; trial < 200; trial++) {
      double v = bad[random.nextInt(bad.length)];
      int index = random.nextInt(6);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.set(index, v));
      assertTrue(e.getMessage().contains("'layer.weight'") && e.getMessage().contains("index " + index)
          && e.getMessage().contains("got " + v), e.getMessage());
      double[] source = {0, 0, 0, 0, 0, 0};
      source[index] = v;
      assertThrows(IllegalArgumentException.class, () -> p.copyFrom(source));
      assertThrows(IllegalArgumentException.class, () -> p.copyFromTorchLayout(source));
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, values);
    }
    double[] big = {1e300};
    Parameter d = Parameter.ofDoubles("layer.bias", new int[] {1}, false, true, new double[1], new double[1]);
    d.copyFrom(big);   // finite in DOUBLE precision
    assertEquals(1e300, d.get(0));
  }

  @Test
  void nonFiniteLossesAreDiagnosed() {
    float[] w = {1, 2};
    ParameterSet set = new ParameterSet(List.of(Parameter.ofFloats("l.weight", new int[] {2}, false, true, w, new float[2])));
    assertTrue(NonFiniteLossException.diagnose("Net", 3, Double.NaN, set, new float[] {1, 2}).getMessage()
        .contains("Lower the learning rate"));
    String overflow = NonFiniteLossException.diagnose("Net", 3, Double.NaN, set, new float[] {1e30f}).getMessage();
    assertTrue(overflow.contains("overflowed the FLOAT range") && !overflow.contains("learning rate,"), overflow);
    assertTrue(NonFiniteLossException.diagnose("Net", 3, Double.NaN, set, new double[] {1e200}).getMessage()
        .contains("overflowed the DOUBLE range"));
    w[1] = Float.NaN;
    NonFiniteLossException e = NonFiniteLossException.diagnose("Net", 3, Double.NaN, set, new int[] {1});
    assertTrue(e.getMessage().contains("'l.weight' holds NaN at index 1"), e.getMessage());
    assertEquals(3L, e.step());
  }
}
