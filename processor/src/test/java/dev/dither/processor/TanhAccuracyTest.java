package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A FLOAT network's tanh is computed through {@code Math.exp} (see {@code Scalar.tanh}); it must
 * stay within one float ulp of {@code (float) Math.tanh} everywhere: tiny arguments, both sides
 * of the 2^-12 switch, the saturated tails and overflow of e^{2x}.
 */
class TanhAccuracyTest {
  @Test
  void floatTanhIsWithinOneUlpOfMathTanh() {
    ClassLoader loader = NetworkCompiler.compile(Map.of("test.TanhNet", NetworkCompiler.source("TanhNet", """
        @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.FLOAT)
        interface $NAME {
          @Input(1) void x();
          @Dense(1) @Activation(Fn.TANH) void y();
        }""")));
    GeneratedNet net = GeneratedNet.create(loader, "test.TanhNetModel", 1);
    // Pre-activation = x exactly, so the output is the activation of the input.
    net.param("y.weight").set(0, 1.0);
    net.param("y.bias").set(0, 0.0);
    DitherRandom random = new DitherRandom(17);
    int n = 20_000;
    double[] x = new double[n];
    float[] edges = {0f, -0f, 0x1p-12f, -0x1p-12f, Math.nextDown(0x1p-12f), 0x1p-149f, 1e-30f, 0.5f, 9f, 10f, 45f, 89f,
        -89f, 1e30f, Float.MAX_VALUE, -Float.MAX_VALUE};
    for (int i = 0; i < n; i++) {
      x[i] = i < edges.length ? edges[i]
          : (float) ((random.nextDouble() < 0.5 ? -1 : 1) * Math.pow(2, random.nextUniform(-30, 7)));
    }
    double[] y = net.infer(x);
    int exact = 0;
    for (int i = 0; i < n; i++) {
      float expected = (float) Math.tanh((float) x[i]);
      float actual = (float) y[i];
      assertTrue(Math.abs(actual - expected) <= Math.ulp(expected),
          "tanh(" + (float) x[i] + ") = " + actual + ", Math.tanh gives " + expected);
      exact += actual == expected ? 1 : 0;
    }
    assertTrue(exact > n * 0.9, "only " + exact + " of " + n + " exact");
  }
}
