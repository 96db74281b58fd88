package dev.dither.processor;

import static dev.dither.processor.Approx.assertClose;

import dev.dither.runtime.ReplayNoise;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code mlp_*} golden cases (Linear → noisy activation → Linear → softmax cross-entropy,
 * PyTorch float64) and {@code softmax_ce_extreme_logits}, through generated networks in DOUBLE
 * precision (to 1e-9) and FLOAT precision (to the README's float tolerance).
 */
class GoldenNetworkTest {
  private static ClassLoader networks;

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : new String[] {"mlp_hard_sigmoid_NAN", "mlp_hard_tanh_NAH", "mlp_hard_tanh_NANIS"}) {
      GoldenCase golden = GoldenCase.load(name);
      for (String precision : new String[] {"DOUBLE", "FLOAT"}) {
        String cls = className(name, precision);
        sources.put("test." + cls, NetworkCompiler.source(cls, mlp(golden, precision)));
      }
    }
    for (String precision : new String[] {"DOUBLE", "FLOAT"}) {
      String cls = "ExtremeLogits" + precision;
      sources.put("test." + cls, NetworkCompiler.source(cls,
          "@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision." + precision + ")\n"
              + "interface $NAME { @Input(6) void z(); @Dense(3) void logits(); }"));
    }
    networks = NetworkCompiler.compile(sources);
  }

  @ParameterizedTest
  @CsvSource({
      "mlp_hard_sigmoid_NAN, DOUBLE, 1e-9", "mlp_hard_tanh_NAH, DOUBLE, 1e-9", "mlp_hard_tanh_NANIS, DOUBLE, 1e-9",
      "mlp_hard_sigmoid_NAN, FLOAT, 1e-4", "mlp_hard_tanh_NAH, FLOAT, 1e-4", "mlp_hard_tanh_NANIS, FLOAT, 1e-4"})
  void mlpMatchesPyTorch(String name, String precision, double tolerance) {
    GoldenCase golden = GoldenCase.load(name);
    int hidden = golden.configInt("hidden");
    GeneratedNet net = GeneratedNet.create(networks, "test." + className(name, precision) + "Model", 7);
    net.param("hidden.weight").copyFromTorchLayout(golden.tensor("W1"));
    net.param("hidden.bias").copyFrom(golden.tensor("b1"));
    net.param("logits.weight").copyFromTorchLayout(golden.tensor("W2"));
    net.param("logits.bias").copyFrom(golden.tensor("b2"));
    boolean hasP = !golden.configString("variant").equals("NANIS");
    if (hasP) {
      net.param("hidden.p").copyFrom(golden.tensor("p"));
    }
    net.noise(ReplayNoise.builder().site(0, golden.tensor("xi"), hidden).build());
    double[] x = golden.tensor("x");
    int[] labels = golden.labels("labels");

    double loss = net.gradients(x, labels);

    assertClose(name + " loss", golden.tensor("loss")[0], loss, tolerance);
    assertClose(name + " dW1", golden.tensor("dW1"), torchGrads(net, "hidden.weight"), tolerance);
    assertClose(name + " db1", golden.tensor("db1"), torchGrads(net, "hidden.bias"), tolerance);
    assertClose(name + " dW2", golden.tensor("dW2"), torchGrads(net, "logits.weight"), tolerance);
    assertClose(name + " db2", golden.tensor("db2"), torchGrads(net, "logits.bias"), tolerance);
    if (hasP) {
      assertClose(name + " dp", golden.tensor("dp"), torchGrads(net, "hidden.p"), tolerance);
    }
    assertClose(name + " logits_eval", golden.tensor("logits_eval"), net.infer(x), tolerance);
  }

  /**
   * Logits of ±1000 overflow a naive softmax. The input carries the logits and a one-hot
   * example index; weights [I; 0] pass the logits through unchanged, and the one-hot half
   * makes the weight gradient hold each example's dL/dz separately.
   */
  @ParameterizedTest
  @CsvSource({"DOUBLE, 1e-9", "FLOAT, 1e-4"})
  void extremeLogitsAreStable(String precision, double tolerance) {
    GoldenCase golden = GoldenCase.load("softmax_ce_extreme_logits");
    double[] logits = golden.tensor("logits");
    GeneratedNet net = GeneratedNet.create(networks, "test.ExtremeLogits" + precision + "Model", 7);
    double[] stored = new double[6 * 3];
    for (int k = 0; k < 3; k++) {
      stored[k * 3 + k] = 1;
    }
    net.param("logits.weight").copyFrom(stored);
    net.param("logits.bias").copyFrom(new double[3]);
    double[] inputs = new double[3 * 6];
    for (int n = 0; n < 3; n++) {
      System.arraycopy(logits, n * 3, inputs, n * 6, 3);
      inputs[n * 6 + 3 + n] = 1;
    }

    double loss = net.gradients(inputs, golden.labels("labels"));

    assertClose("loss", golden.tensor("loss")[0], loss, tolerance);
    double[] dlogits = new double[9];
    for (int n = 0; n < 3; n++) {
      for (int k = 0; k < 3; k++) {
        dlogits[n * 3 + k] = net.param("logits.weight").grad((3 + n) * 3 + k);
      }
    }
    assertClose("dlogits", golden.tensor("dlogits"), dlogits, tolerance);
  }

  private static double[] torchGrads(GeneratedNet net, String name) {
    double[] out = new double[net.param(name).size()];
    net.param(name).copyGradsToTorchLayout(out);
    return out;
  }

  private static String className(String caseName, String precision) {
    StringBuilder b = new StringBuilder();
    for (String part : caseName.split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b + precision;
  }

  private static String mlp(GoldenCase golden, String precision) {
    String fn = golden.configString("kind").toUpperCase(java.util.Locale.ROOT);
    String variant = golden.configString("variant");
    return "@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision." + precision + ")\n"
        + "interface $NAME {\n"
        + "  @Input(" + golden.configInt("in") + ") void x();\n"
        + "  @Dense(" + golden.configInt("hidden") + ") @Activation(value = Fn." + fn
        + ", noise = @Noise(variant = NoiseVariant." + variant
        + (variant.matches("NAN|NAH") ? ", alpha = " + golden.configDouble("alpha") : "")
        + ", c = " + golden.configDouble("c") + ")) void hidden();\n"
        + "  @Dense(" + golden.configInt("out") + ") void logits();\n"
        + "}\n";
  }
}
