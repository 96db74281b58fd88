package dev.dither.processor;

import static dev.dither.processor.Approx.assertClose;

import dev.dither.runtime.ReplayNoise;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recurrent golden cases: PyTorch's own {@code nn.LSTM} and {@code nn.GRU}, and the same
 * cells with every sigmoid and tanh made noisy, over x[T][B][in] from a zero state, the last
 * hidden state through a linear head and softmax cross-entropy. Generated DOUBLE networks must
 * match loss, final state, every gradient (p included) and the evaluation-mode logits to 1e-9.
 * The reference is time-major; Dither is example-major, so inputs and noise are transposed.
 */
class GoldenRecurrentTest {
  private static final String[] CASES = {
      "torch_lstm_sigmoid_tanh", "torch_gru_sigmoid_tanh", "noisy_lstm_NAH", "noisy_lstm_NAN", "noisy_gru_NAH"};

  private static ClassLoader networks;

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    for (String name : CASES) {
      GoldenCase golden = GoldenCase.load(name);
      sources.put("test." + className(name), NetworkCompiler.source(className(name), network(golden, false)));
      sources.put("test." + className(name) + "Probe", NetworkCompiler.source(className(name) + "Probe", network(golden, true)));
    }
    networks = NetworkCompiler.compile(sources);
  }

  @ParameterizedTest
  @ValueSource(strings = {"torch_lstm_sigmoid_tanh", "torch_gru_sigmoid_tanh", "noisy_lstm_NAH", "noisy_lstm_NAN", "noisy_gru_NAH"})
  void matchesPyTorch(String name) {
    GoldenCase golden = GoldenCase.load(name);
    int steps = golden.configInt("T");
    int batch = golden.configInt("batch");
    int hidden = golden.configInt("hidden");
    double[] x = timeToExampleMajor(golden.tensor("x"), steps, batch, golden.configInt("in"));

    GeneratedNet net = GeneratedNet.create(networks, "test." + className(name) + "Model", 5);
    load(net, golden, steps, batch, hidden);
    net.param("head.weight").copyFromTorchLayout(golden.tensor("head_W"));
    net.param("head.bias").copyFrom(golden.tensor("head_b"));

    double loss = net.gradients(x, golden.labels("labels"));

    assertClose(name + " loss", golden.tensor("loss")[0], loss, 1e-9);
    for (String p : new String[] {"weight_ih", "weight_hh", "bias_ih", "bias_hh"}) {
      assertClose(name + " d_" + p, golden.tensor("d_" + p), torchGrads(net, "rnn." + p), 1e-9);
    }
    assertClose(name + " d_head_W", golden.tensor("d_head_W"), torchGrads(net, "head.weight"), 1e-9);
    assertClose(name + " d_head_b", golden.tensor("d_head_b"), torchGrads(net, "head.bias"), 1e-9);
    if (name.startsWith("noisy")) {
      assertClose(name + " d_p_gates", golden.tensor("d_p_gates"), torchGrads(net, "rnn.p_gates"), 1e-9);
      if (name.contains("lstm")) {
        assertClose(name + " d_p_cell", golden.tensor("d_p_cell"), torchGrads(net, "rnn.p_cell"), 1e-9);
      }
      assertClose(name + " logits_eval", golden.tensor("logits_eval"), net.infer(x), 1e-9);
    }

    // The final state, read through an identity dense layer in training mode with the same noise.
    GeneratedNet probe = GeneratedNet.create(networks, "test." + className(name) + "ProbeModel", 5);
    load(probe, golden, steps, batch, hidden);
    double[] identity = new double[hidden * hidden];
    for (int k = 0; k < hidden; k++) {
      identity[k * hidden + k] = 1;
    }
    probe.param("head.weight").copyFrom(identity);
    probe.param("head.bias").copyFrom(new double[hidden]);
    assertClose(name + " h_T", golden.tensor("h_T"), probe.sample(x), 1e-9);
  }

  private static void load(GeneratedNet net, GoldenCase golden, int steps, int batch, int hidden) {
    for (String p : new String[] {"weight_ih", "weight_hh"}) {
      net.param("rnn." + p).copyFromTorchLayout(golden.tensor(p));
    }
    for (String p : new String[] {"bias_ih", "bias_hh"}) {
      net.param("rnn." + p).copyFrom(golden.tensor(p));
    }
    if (golden.name().startsWith("noisy")) {
      int gates = golden.configInt("gates") * hidden;
      net.param("rnn.p_gates").copyFrom(golden.tensor("p_gates"));
      ReplayNoise.Builder noise = ReplayNoise.builder()
          .site(0, timeToExampleMajor(golden.tensor("xi_gates"), steps, batch, gates), steps * gates);
      if (golden.name().contains("lstm")) {
        net.param("rnn.p_cell").copyFrom(golden.tensor("p_cell"));
        noise.site(1, timeToExampleMajor(golden.tensor("xi_cell"), steps, batch, hidden), steps * hidden);
      }
      net.noise(noise.build());
    }
  }

  /** [T][B][width] (PyTorch's default) to [B][T][width] (Dither's batch-first layout). */
  static double[] timeToExampleMajor(double[] data, int steps, int batch, int width) {
    double[] out = new double[data.length];
    for (int t = 0; t < steps; t++) {
      for (int n = 0; n < batch; n++) {
        System.arraycopy(data, (t * batch + n) * width, out, (n * steps + t) * width, width);
      }
    }
    return out;
  }

  private static double[] torchGrads(GeneratedNet net, String name) {
    double[] out = new double[net.param(name).size()];
    net.param(name).copyGradsToTorchLayout(out);
    return out;
  }

  private static String className(String caseName) {
    StringBuilder b = new StringBuilder();
    for (String part : caseName.split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  /** The case's network; the probe has a square identity-ready head and a squared-error loss. */
  private static String network(GoldenCase golden, boolean probe) {
    boolean lstm = golden.configString("cell").equals("lstm");
    String functions = golden.name().startsWith("noisy")
        ? ", functions = GateFunctions.NOISY, noise = @Noise(variant = NoiseVariant." + golden.configString("variant")
            + ", alpha = " + golden.configDouble("alpha") + ", c = " + golden.configDouble("c") + ")"
        : "";
    int hidden = golden.configInt("hidden");
    return "@Network(loss = Loss." + (probe ? "MEAN_SQUARED_ERROR" : "SOFTMAX_CROSS_ENTROPY") + ", precision = Precision.DOUBLE)\n"
        + "interface $NAME {\n"
        + "  @Input(" + golden.configInt("in") + ") @Sequence(" + golden.configInt("T") + ") void x();\n"
        + "  @" + (lstm ? "Lstm" : "Gru") + "(value = " + hidden + functions + ") void rnn();\n"
        + "  @Dense(" + (probe ? hidden : golden.configInt("out")) + ") void head();\n"
        + "}\n";
  }
}
