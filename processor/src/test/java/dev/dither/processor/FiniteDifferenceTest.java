package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import dev.dither.runtime.ReplayNoise;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Central finite differences against the generated backward pass, in double precision with the
 * noise frozen (replayed), for every parameter of five generated networks that together cover
 * every activation, every noise variant, both losses, softmax with and without fusion, α above,
 * at and below 1, and a frozen p. Weights are drawn large so that many units saturate and the
 * noise paths carry gradient. Batches of 3 and 5 cover the per-example loops and the blocked
 * ones (pairs of examples and a last single one) that batches of four or more take.
 */
class FiniteDifferenceTest {
  /** name → description; sites are noted so the test can replay noise for each. */
  private static final Map<String, String> NETWORKS = new LinkedHashMap<>();

  static {
    NETWORKS.put("SmoothStack", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(5) void x();
          @Dense(7) @Activation(Fn.RELU) void a();
          @Dense(6) @Activation(Fn.SIGMOID) void b();
          @Dense(4) @Activation(Fn.TANH) void c();
          @Dense(3) void logits();
        }""");
    NETWORKS.put("OutputNoise", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(4) void x();
          @Dense(value = 6, init = Init.GLOROT_UNIFORM, gain = 3)
          @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 2))
          void a();
          @Dense(value = 5, init = Init.ORTHOGONAL, gain = 4)
          @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NAN, alpha = 0.9, c = 3))
          void b();
          @Dense(3) @Activation(Fn.SOFTMAX) void probabilities();
        }""");
    NETWORKS.put("InputNoise", """
        @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(4) void x();
          @Dense(value = 6, init = Init.GLOROT_UNIFORM, gain = 3)
          @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NANIL, c = 6))
          void a();
          @Dense(value = 5, init = Init.GLOROT_UNIFORM, gain = 4)
          @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NANI, c = 0.3))
          void b();
          @Dense(2) void y();
        }""");
    NETWORKS.put("SaturatedInputNoise", """
        @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(3) void x();
          @Dense(value = 5, init = Init.GLOROT_UNIFORM, gain = 5)
          @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NANIS, c = 0.5))
          void a();
          @Dense(value = 5, init = Init.GLOROT_UNIFORM, gain = 2)
          @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NANIS, c = 0.25))
          void b();
          @Dense(4) @Activation(Fn.HARD_SIGMOID) void c();
          @Dense(3) @Activation(Fn.SOFTMAX) void probabilities();
        }""");
    NETWORKS.put("HalfNormalMix", """
        @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(6) void x();
          @Dense(value = 8, init = Init.GLOROT_UNIFORM, gain = 3)
          @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, c = 1.5, learnP = false))
          void a();
          @Dense(value = 6, init = Init.ORTHOGONAL, gain = 5)
          @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NAH, alpha = 0.9, c = 2))
          void b();
          @Dense(4) @Activation(Fn.HARD_TANH) void c();
          @Dense(2) @Activation(Fn.SIGMOID) void y();
        }""");
  }

  private static ClassLoader networks;

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    NETWORKS.forEach((name, body) -> sources.put("test." + name, NetworkCompiler.source(name, body)));
    networks = NetworkCompiler.compile(sources);
  }

  @ParameterizedTest(name = "{0}, batch {1}")
  @CsvSource({"SmoothStack, 3", "OutputNoise, 3", "InputNoise, 3", "SaturatedInputNoise, 3", "HalfNormalMix, 3",
      "SmoothStack, 5", "OutputNoise, 5", "InputNoise, 5", "SaturatedInputNoise, 5", "HalfNormalMix, 5"})
  void backwardMatchesFiniteDifferences(String name, int batch) {
    GeneratedNet net = GeneratedNet.create(networks, "test." + name + "Model", 11);
    GeneratedModel model = net.model;
    DitherRandom random = new DitherRandom(5);
    net.noise(frozenNoise(model, random, batch));
    double[] inputs = new double[batch * model.inputSize()];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = random.nextUniform(-2, 2);
    }
    Object targets = targets(model, random, batch);
    // p ~ U[-1, 1] makes σ tiny near the threshold; larger |p| makes the noise paths matter.
    for (Parameter p : model.parameters().all()) {
      if (p.name().endsWith(".p")) {
        for (int i = 0; i < p.size(); i++) {
          p.set(i, random.nextUniform(2, 6) * (random.nextDouble() < 0.5 ? -1 : 1));
        }
      }
    }

    FiniteDifferences.Result result = FiniteDifferences.check(name, model, () -> net.gradients(inputs, targets));
    assertTrue(result.checked() > 30, "checked " + result.checked() + " parameters");
    int pSensitive = result.nonZeroByParameter().entrySet().stream()
        .filter(e -> e.getKey().endsWith(".p") && model.parameters().get(e.getKey()).trainable())
        .mapToInt(Map.Entry::getValue).sum();
    if (name.matches("OutputNoise|InputNoise|HalfNormalMix")) {
      assertTrue(pSensitive > 0, name + ": no p received gradient, so no unit saturated; the check would be vacuous");
    }
  }

  /** Fixed standard-normal samples for every noise site of the model. */
  private static ReplayNoise frozenNoise(GeneratedModel model, DitherRandom random, int batch) {
    ReplayNoise.Builder builder = ReplayNoise.builder();
    int site = 0;
    for (Parameter p : model.parameters().all()) {
      // Each noisy layer has a bias of its width; sites follow declaration order.
      if (p.name().endsWith(".bias") && isNoisy(model, p.name())) {
        double[] samples = new double[batch * p.size()];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = random.nextGaussian();
        }
        builder.site(site++, samples, p.size());
      }
    }
    return builder.build();
  }

  private static boolean isNoisy(GeneratedModel model, String biasName) {
    String layer = biasName.substring(0, biasName.length() - ".bias".length());
    try {
      model.noiseLevel(layer);
      return true;
    } catch (IllegalArgumentException notNoisy) {
      return false;
    }
  }

  private static Object targets(GeneratedModel model, DitherRandom random, int batch) {
    boolean classification = model.getClass().getSimpleName().matches("(SmoothStack|OutputNoise)Model");
    if (classification) {
      int[] labels = new int[batch];
      for (int n = 0; n < batch; n++) {
        labels[n] = random.nextInt(model.outputSize());
      }
      return labels;
    }
    double[] t = new double[batch * model.outputSize()];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextUniform(0, 1);
    }
    return t;
  }
}
