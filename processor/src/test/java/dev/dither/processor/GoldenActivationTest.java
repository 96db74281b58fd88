package dev.dither.processor;

import static dev.dither.processor.Approx.assertClose;

import dev.dither.runtime.ReplayNoise;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every elementwise {@code act_*} golden case, run through a generated DOUBLE network: an
 * identity dense layer (so z = x) carrying the activation under test, then a linear identity
 * layer, trained on a mean-squared error whose targets make dL/dy equal the case's upstream
 * gradient. The first bias gradient is then g·∂φ/∂x, the p gradient g·∂φ/∂p, and the second
 * bias gradient gives back the training-mode value y. The noise is replayed from the case.
 */
class GoldenActivationTest {
  static final List<String> CASES = List.of(
      "act_hard_sigmoid_NAH_a0p9_c1p0", "act_hard_sigmoid_NAH_a1p0_c2p0",
      "act_hard_sigmoid_NAH_a1p15_c0p5", "act_hard_sigmoid_NANIL_a1p0_c0p5",
      "act_hard_sigmoid_NANIS_a1p0_c0p25", "act_hard_sigmoid_NANI_a1p0_c0p05",
      "act_hard_sigmoid_NAN_a1p0_c1p0", "act_hard_sigmoid_NAN_a1p15_c0p5",
      "act_hard_sigmoid_NONE_a1p0_c0p0", "act_hard_tanh_NAH_a0p9_c1p0",
      "act_hard_tanh_NAH_a1p0_c2p0", "act_hard_tanh_NAH_a1p15_c0p5",
      "act_hard_tanh_NANIL_a1p0_c0p5", "act_hard_tanh_NANIS_a1p0_c0p25",
      "act_hard_tanh_NANI_a1p0_c0p05", "act_hard_tanh_NAN_a1p0_c1p0",
      "act_hard_tanh_NAN_a1p15_c0p5", "act_hard_tanh_NONE_a1p0_c0p0");

  /** The case also run cut to {@link #CUT} elements, so that a case of another size is shown to work. */
  private static final String CUT_CASE = "act_hard_tanh_NAH_a1p15_c0p5";
  private static final int CUT = 5;

  private static ClassLoader networks;

  /** All networks in one compilation: javac start-up dominates otherwise. */
  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : CASES) {
      sources.put("test." + className(name), NetworkCompiler.source(className(name), description(GoldenCase.load(name))));
    }
    GoldenCase cut = GoldenCase.load(CUT_CASE).firstElements(CUT);
    sources.put("test." + className(cut.name()), NetworkCompiler.source(className(cut.name()), description(cut)));
    networks = NetworkCompiler.compile(sources);
  }

  static Stream<String> cases() {
    return CASES.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void matchesPyTorch(String name) {
    check(GoldenCase.load(name));
  }

  /** Every size comes from the case: a case of 5 elements runs through a network of 5 units. */
  @Test
  void aCaseOfAnotherSizeMatchesToo() {
    check(GoldenCase.load(CUT_CASE).firstElements(CUT));
  }

  private static void check(GoldenCase golden) {
    String name = golden.name();
    double[] x = golden.tensor("x");
    int units = x.length;
    GeneratedNet net = GeneratedNet.create(networks, "test." + className(name) + "Model", 1);
    double[] identity = new double[units * units];
    for (int k = 0; k < units; k++) {
      identity[k * units + k] = 1;
    }
    for (String layer : List.of("act", "out")) {
      net.param(layer + ".weight").copyFromTorchLayout(identity);
      net.param(layer + ".bias").copyFrom(new double[units]);
    }
    boolean hasP = !golden.configString("variant").matches("NONE|NANI|NANIS");
    if (hasP) {
      net.param("act.p").copyFrom(golden.tensor("p"));
    }
    net.noise(ReplayNoise.builder().site(0, golden.tensor("xi"), units).build());

    // MSE over n outputs: dL/dy = 2 (y - t) / n, so t = y_ref - (n / 2) g gives dL/dy = g, and
    // the identity output layer's bias gradient gives back y = t + (n / 2) dL/dy.
    double[] yRef = golden.tensor("y");
    double[] g = golden.tensor("upstream");
    double[] targets = new double[units];
    for (int k = 0; k < units; k++) {
      targets[k] = yRef[k] - units / 2.0 * g[k];
    }
    net.gradients(x, targets);

    double[] y = new double[units];
    double[] dz = new double[units];
    double[] dp = new double[units];
    for (int k = 0; k < units; k++) {
      y[k] = targets[k] + units / 2.0 * net.param("out.bias").grad(k);
      dz[k] = net.param("act.bias").grad(k);
      dp[k] = hasP ? net.param("act.p").grad(k) : 0;
    }
    assertClose(name + " y", yRef, y, 1e-9);
    assertClose(name + " dx", golden.tensor("dx"), dz, 1e-9);
    assertClose(name + " dp", golden.tensor("dp"), dp, 1e-9);
    assertClose(name + " y_eval", golden.tensor("y_eval"), net.infer(x), 1e-9);
  }

  static String className(String caseName) {
    StringBuilder b = new StringBuilder("Act");
    for (String part : caseName.substring(4).split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  static String description(GoldenCase golden) {
    String fn = golden.configString("kind").toUpperCase(java.util.Locale.ROOT);
    String variant = golden.configString("variant");
    String noise = variant.equals("NONE")
        ? ""
        : ", noise = @Noise(variant = NoiseVariant." + variant
            + (variant.matches("NAN|NAH") ? ", alpha = " + golden.configDouble("alpha") : "")
            + ", c = " + golden.configDouble("c") + ")";
    int units = golden.tensor("x").length;
    return "@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)\n"
        + "interface $NAME {\n"
        + "  @Input(" + units + ") void x();\n"
        + "  @Dense(" + units + ") @Activation(value = Fn." + fn + noise + ") void act();\n"
        + "  @Dense(" + units + ") void out();\n"
        + "}\n";
  }
}
