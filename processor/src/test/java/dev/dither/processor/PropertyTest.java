package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Properties of the noisy activations that hold for any noise sample (Gulcehre et al. 2016,
 * sec. 5 of the reference notes), checked on generated DOUBLE networks whose single dense
 * layer is the identity, so the pre-activations are exactly the inputs.
 */
class PropertyTest {
  private static final int UNITS = 8;
  private static final List<String> VARIANTS = List.of(
      "HARD_TANH NAN 1.0", "HARD_TANH NAH 1.0", "HARD_TANH NAH 1.15", "HARD_TANH NAN 0.9",
      "HARD_TANH NANIL 1.0", "HARD_TANH NANIS 1.0",
      "HARD_SIGMOID NAN 1.0", "HARD_SIGMOID NAH 0.9", "HARD_SIGMOID NAH 1.15",
      "HARD_SIGMOID NANIL 1.0", "HARD_SIGMOID NANIS 1.0");

  private static ClassLoader networks;

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String v : VARIANTS) {
      String[] f = v.split(" ");
      String alpha = f[1].matches("NAN|NAH") ? ", alpha = " + f[2] : "";
      sources.put("test." + className(v), NetworkCompiler.source(className(v),
          "@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)\n"
              + "interface $NAME {\n  @Input(" + UNITS + ") void x();\n"
              + "  @Dense(" + UNITS + ") @Activation(value = Fn." + f[0] + ", noise = @Noise(variant = NoiseVariant."
              + f[1] + alpha + ", c = 2.0)) void act();\n}\n"));
    }
    networks = NetworkCompiler.compile(sources);
  }

  static String className(String variant) {
    return variant.replace(" ", "_").replace(".", "p");
  }

  private static GeneratedNet identityNet(String variant) {
    GeneratedNet net = GeneratedNet.create(networks, "test." + className(variant) + "Model", 3);
    double[] identity = new double[UNITS * UNITS];
    for (int k = 0; k < UNITS; k++) {
      identity[k * UNITS + k] = 1;
    }
    net.param("act.weight").copyFrom(identity);
    net.param("act.bias").copyFrom(new double[UNITS]);
    return net;
  }

  private static double hard(String variant, double x) {
    return variant.startsWith("HARD_TANH") ? Math.max(-1, Math.min(1, x)) : Math.max(0, Math.min(1, 0.25 * x + 0.5));
  }

  private static double threshold(String variant) {
    return variant.startsWith("HARD_TANH") ? 1 : 2;
  }

  /** Claim 1: where |x| < x_t, Δ = 0, so σ = 0 and φ = h(x) exactly, whatever ξ, p and α. */
  @ParameterizedTest
  @ValueSource(strings = {
      "HARD_TANH NAN 1.0", "HARD_TANH NAH 1.0", "HARD_TANH NAH 1.15", "HARD_TANH NAN 0.9",
      "HARD_TANH NANIL 1.0", "HARD_TANH NANIS 1.0",
      "HARD_SIGMOID NAN 1.0", "HARD_SIGMOID NAH 0.9", "HARD_SIGMOID NAH 1.15",
      "HARD_SIGMOID NANIL 1.0", "HARD_SIGMOID NANIS 1.0"})
  void noNoiseInTheLinearRegime(String variant) {
    GeneratedNet net = identityNet(variant);
    DitherRandom random = new DitherRandom(1);
    int batch = 500;
    double[] x = new double[batch * UNITS];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextUniform(-threshold(variant), threshold(variant)) * 0.999;
    }
    double[] y = net.sample(x);
    for (int i = 0; i < x.length; i++) {
      assertEquals(hard(variant, x[i]), y[i], 1e-15, variant + " at x = " + x[i]);
    }
    assertEquals(batch, net.model.examplesSeen(), "sample consumes the noise of its examples");
  }

  /** Claims 2 and 5: saturated units are noisy in training, and eval is the mean of training. */
  @ParameterizedTest
  @ValueSource(strings = {"HARD_TANH NAN 1.0", "HARD_TANH NAH 1.0", "HARD_TANH NAH 1.15",
      "HARD_TANH NAN 0.9", "HARD_SIGMOID NAN 1.0", "HARD_SIGMOID NAH 0.9", "HARD_SIGMOID NAH 1.15"})
  void evaluationIsTheExpectationOfTraining(String variant) {
    GeneratedNet net = identityNet(variant);
    double t = threshold(variant);
    double[] point = {-3 * t, -1.5 * t, -1.01 * t, 0.3 * t, 1.01 * t, 1.5 * t, 3 * t, 6 * t};
    double[] eval = net.infer(point);
    int batch = 20_000;
    double[] x = new double[batch * UNITS];
    for (int n = 0; n < batch; n++) {
      System.arraycopy(point, 0, x, n * UNITS, UNITS);
    }
    double[] y = net.sample(x);
    for (int k = 0; k < UNITS; k++) {
      double sum = 0;
      for (int n = 0; n < batch; n++) {
        sum += y[n * UNITS + k];
      }
      double mean = sum / batch;
      double squares = 0;
      for (int n = 0; n < batch; n++) {
        squares += (y[n * UNITS + k] - mean) * (y[n * UNITS + k] - mean);
      }
      double sd = Math.sqrt(squares / (batch - 1));
      double standardError = sd / Math.sqrt(batch);
      assertTrue(Math.abs(mean - eval[k]) <= 5 * standardError + 1e-12,
          variant + " x = " + point[k] + ": mean of training " + mean + " vs eval " + eval[k] + " (se " + standardError + ")");
      if (Math.abs(point[k]) > t) {
        assertTrue(sd > 0, variant + ": a saturated unit must be noisy at x = " + point[k]);
      }
    }
  }

  /**
   * Claims 3 and 4 for half-normal noise: the noise has the sign of d(x) = -sgn(x) sgn(1 - α)
   * and its magnitude is σ|ξ| with 0 <= σ < c/4, so |φ - (αh + (1 - α)u)| < (c/4)|ξ|.
   */
  @ParameterizedTest
  @ValueSource(strings = {"HARD_TANH NAH 1.0", "HARD_TANH NAH 1.15", "HARD_SIGMOID NAH 0.9", "HARD_SIGMOID NAH 1.15"})
  void halfNormalNoisePointsAlongDirection(String variant) {
    GeneratedNet net = identityNet(variant);
    double alpha = Double.parseDouble(variant.split(" ")[2]);
    double t = threshold(variant);
    double slope = variant.startsWith("HARD_TANH") ? 1 : 0.25;
    double offset = variant.startsWith("HARD_TANH") ? 0 : 0.5;
    double[] point = {-4 * t, -2 * t, -1.2 * t, -1.05 * t, 1.05 * t, 1.2 * t, 2 * t, 4 * t};
    int batch = 2000;
    double[] x = new double[batch * UNITS];
    for (int n = 0; n < batch; n++) {
      System.arraycopy(point, 0, x, n * UNITS, UNITS);
    }
    double[] y = net.sample(x);
    double c = 2.0;
    for (int i = 0; i < y.length; i++) {
      double xi = x[i];
      double deterministic = alpha * hard(variant, xi) + (1 - alpha) * (slope * xi + offset);
      double d = -(xi >= 0 ? 1 : -1) * (1 - alpha >= 0 ? 1 : -1);
      double noise = y[i] - deterministic;
      assertTrue(noise * d >= 0, variant + ": noise " + noise + " against d = " + d + " at x = " + xi);
      assertTrue(Math.abs(noise) < c / 4 * 6, variant + ": |noise| " + noise + " exceeds (c/4)·6");
    }
  }

  /** Claim 9: all units saturated gives zero gradient without noise and a moving network with it. */
  @Test
  void saturatedNetworkLearnsOnlyWithNoise() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String variant : new String[] {"NONE", "NAH"}) {
      sources.put("test.Saturated" + variant, NetworkCompiler.source("Saturated" + variant,
          "@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)\n"
              + "interface $NAME {\n  @Input(4) void x();\n"
              + "  @Dense(value = 6, biasShift = 10) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant."
              + variant + ")) void hidden();\n  @Dense(2) void logits();\n}\n"));
    }
    ClassLoader loader = NetworkCompiler.compile(sources);
    double[] x = {0.1, -0.2, 0.3, 0.05, -0.3, 0.2, -0.1, 0.4};
    int[] labels = {0, 1};
    GeneratedNet plain = GeneratedNet.create(loader, "test.SaturatedNONEModel", 9);
    plain.gradients(x, labels);
    GeneratedNet noisy = GeneratedNet.create(loader, "test.SaturatedNAHModel", 9);
    noisy.gradients(x, labels);
    double plainNorm = 0;
    double noisyNorm = 0;
    for (int i = 0; i < plain.param("hidden.weight").size(); i++) {
      plainNorm += Math.abs(plain.param("hidden.weight").grad(i));
      noisyNorm += Math.abs(noisy.param("hidden.weight").grad(i));
    }
    assertEquals(0.0, plainNorm, "hard-tanh in saturation passes no gradient");
    assertNotEquals(0.0, noisyNorm, "NAH noise passes gradient through saturated units");
  }
}
