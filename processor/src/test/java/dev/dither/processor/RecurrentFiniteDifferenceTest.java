package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backpropagation through time against central finite differences, in double precision, for
 * every parameter of five generated recurrent networks: stacked LSTM → GRU, masked
 * variable-length with per-site overrides, token input through an embedding, time-averaged
 * output, and per-step outputs with variable lengths. The noise is frozen: {@code gradients}
 * does not advance the example counter, so the counter-based source gives the same samples.
 */
class RecurrentFiniteDifferenceTest {
  private static final int BATCH = 3;
  private static final Map<String, String> NETWORKS = new LinkedHashMap<>();

  static {
    NETWORKS.put("Stacked", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(3) @Sequence(5) void x();
          @Lstm(value = 4, functions = GateFunctions.NOISY, output = SequenceOutput.ALL) void lower();
          @Gru(value = 3, functions = GateFunctions.NOISY,
              noise = @Noise(variant = NoiseVariant.NAN, alpha = 0.9, c = 2)) void upper();
          @Dense(2) void logits();
        }""");
    NETWORKS.put("Masked", """
        @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(2) @Sequence(value = 6, variableLength = true) void x();
          @Lstm(value = 4, functions = GateFunctions.HARD, output = SequenceOutput.LAST, gates = {
              @Gate(value = GateName.FORGET, fn = Fn.SIGMOID),
              @Gate(value = GateName.CELL, fn = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NANIL, c = 3)),
              @Gate(value = GateName.INPUT, fn = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NANI, c = 0.3))})
          void rnn();
          @Dense(3) void y();
        }""");
    NETWORKS.put("Tokens", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Embedding(vocabulary = 7, dimension = 3) @Sequence(5) void tokens();
          @Gru(value = 4, functions = GateFunctions.NOISY,
              noise = @Noise(variant = NoiseVariant.NAH, alpha = 0.9, c = 2)) void rnn();
          @Dense(3) void logits();
        }""");
    NETWORKS.put("Pooled", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(3) @Sequence(value = 4, variableLength = true) void x();
          @Lstm(value = 5, functions = GateFunctions.NOISY, output = SequenceOutput.MEAN,
              noise = @Noise(variant = NoiseVariant.NANIS, c = 0.5)) void rnn();
          @Dense(4) @Activation(Fn.RELU) void hidden();
          @Dense(2) void logits();
        }""");
    NETWORKS.put("Tagger", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(2) @Sequence(value = 5, variableLength = true) void x();
          @Gru(value = 4, output = SequenceOutput.ALL) void rnn();
          @Dense(3) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, c = 1)) void tag();
          @Dense(3) void logits();
        }""");
    NETWORKS.put("Projected", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
        interface $NAME {
          @Input(3) @Sequence(4) void x();
          @Dense(5) @Activation(Fn.TANH) void projection();
          @Lstm(value = 3, functions = GateFunctions.SOFT, output = SequenceOutput.LAST) void rnn();
          @Dense(2) void logits();
        }""");
  }

  private static ClassLoader networks;

  @BeforeAll
  static void compileAll() {
    Map<String, String> sources = new LinkedHashMap<>();
    NETWORKS.forEach((name, body) -> sources.put("test." + name, NetworkCompiler.source(name, body)));
    networks = NetworkCompiler.compile(sources);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Stacked", "Masked", "Tokens", "Pooled", "Tagger", "Projected"})
  void bpttMatchesFiniteDifferences(String name) {
    GeneratedNet net = GeneratedNet.create(networks, "test." + name + "Model", 17);
    GeneratedModel model = net.model;
    net.noise(new CounterNoise(99));
    DitherRandom random = new DitherRandom(23);
    // Larger weights and |p| so that hard units saturate and the noise paths carry gradient.
    for (Parameter p : model.parameters().all()) {
      for (int i = 0; i < p.size(); i++) {
        p.set(i, p.name().endsWith("p_gates") || p.name().endsWith("p_cell") || p.name().endsWith(".p")
            ? random.nextUniform(2, 6) * (random.nextDouble() < 0.5 ? -1 : 1)
            : p.get(i) * 3);
      }
    }
    List<Object> args = new ArrayList<>();
    boolean tokens = name.equals("Tokens");
    int steps = stepsOf(name);
    if (tokens) {
      int[] ids = new int[BATCH * steps];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(7);
      }
      args.add(ids);
    } else {
      double[] x = new double[BATCH * model.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextUniform(-2, 2);
      }
      args.add(x);
    }
    if (name.matches("Masked|Pooled|Tagger")) {
      int[] lengths = new int[BATCH];
      for (int n = 0; n < BATCH; n++) {
        lengths[n] = n == 0 ? steps : 1 + random.nextInt(steps);
      }
      lengths[BATCH - 1] = Math.min(2, steps);
      args.add(lengths);
    }
    if (name.equals("Masked")) {
      double[] t = new double[BATCH * model.outputSize()];
      for (int i = 0; i < t.length; i++) {
        t[i] = random.nextUniform(-1, 1);
      }
      args.add(t);
    } else {
      int rows = name.equals("Tagger") ? BATCH * steps : BATCH;
      int classes = name.equals("Tagger") ? 3 : model.outputSize();
      int[] labels = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = random.nextInt(classes);
      }
      args.add(labels);
    }
    Object[] call = args.toArray();

    FiniteDifferences.Result result = FiniteDifferences.check(name, model, () -> (double) net.invoke("gradients", call));
    assertTrue(result.nonZero() > result.checked() / 2,
        name + ": only " + result.nonZero() + " of " + result.checked() + " gradients are non-zero");
  }

  private static int stepsOf(String name) {
    return switch (name) {
      case "Stacked", "Tokens", "Tagger" -> 5;
      case "Masked" -> 6;
      default -> 4;
    };
  }
}
