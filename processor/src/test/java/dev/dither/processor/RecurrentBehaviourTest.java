package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.Parameter;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad sequence input, truncated BPTT and masking of generated recurrent networks. */
class RecurrentBehaviourTest {
  private static ClassLoader networks;

  @BeforeAll
  static void compile() {
    String cell = "@Lstm(value = 4, functions = GateFunctions.NOISY) void rnn();\n  @Dense(2) void logits();\n}";
    networks = NetworkCompiler.compile(Map.of(
        "test.Short", NetworkCompiler.source("Short", """
            @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
            interface $NAME {
              @Input(2) @Sequence(3) void x();
              """ + cell),
        "test.Long", NetworkCompiler.source("Long", """
            @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
            interface $NAME {
              @Input(2) @Sequence(6) void x();
              """ + cell),
        "test.Variable", NetworkCompiler.source("Variable", """
            @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
            interface $NAME {
              @Input(2) @Sequence(value = 6, variableLength = true) void x();
              """ + cell),
        "test.Tokens", NetworkCompiler.source("Tokens", """
            @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
            interface $NAME {
              @Embedding(vocabulary = 11, dimension = 4) @Sequence(26) void digits();
              @Gru(8) void rnn();
              @Dense(2) void logits();
            }""")));
  }

  private static GeneratedNet net(String name) {
    return GeneratedNet.create(networks, "test." + name + "Model", 4);
  }

  @Test
  void lengthLongerThanTheMaximumIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net("Variable").invoke("trainStep", new double[2 * 12], new int[] {3, 7}, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("1 to 6")
        && e.getMessage().contains("example 1 has length 7"), e.getMessage());
  }

  @Test
  void lengthsThatDoNotMatchTheBatchAreRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net("Variable").invoke("trainStep", new double[2 * 12], new int[] {3}, new int[] {0, 1}));
    assertTrue(e.getMessage().contains("one length per example, 2") && e.getMessage().contains("got 1"), e.getMessage());
  }

  @Test
  void tokenOutsideTheVocabularyIsRejected() {
    int[] tokens = new int[26];
    tokens[17] = 11;
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net("Tokens").invoke("trainStep", tokens, new int[] {1}));
    assertTrue(e.getMessage().contains("'digits'") && e.getMessage().contains("[0, 11)")
        && e.getMessage().contains("position 17 holds 11"), e.getMessage());
  }

  @Test
  void wrongSequenceInputLengthNamesStepsAndFeatures() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> net("Short").invoke("trainStep", new double[5], new int[] {0}));
    assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("6 values per example"), e.getMessage());
  }

  /**
   * Two windows of three steps with the state carried give the same outputs as one pass over six
   * steps: truncated BPTT changes the gradient, never the forward pass.
   */
  @Test
  void carriedStateContinuesTheSequence() {
    GeneratedNet whole = net("Long");
    GeneratedNet windows = net("Short");
    for (Parameter p : whole.model.parameters().all()) {
      Parameter q = windows.model.parameters().get(p.name());
      for (int i = 0; i < p.size(); i++) {
        q.set(i, p.get(i));
      }
    }
    DitherRandom random = new DitherRandom(1);
    double[] x = new double[2 * 6 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextUniform(-2, 2);
    }
    double[] first = new double[2 * 3 * 2];
    double[] second = new double[2 * 3 * 2];
    for (int n = 0; n < 2; n++) {
      System.arraycopy(x, n * 12, first, n * 6, 6);
      System.arraycopy(x, n * 12 + 6, second, n * 6, 6);
    }
    windows.invoke("carryState", true);
    windows.infer(first);
    assertArrayEquals(whole.infer(x), windows.infer(second), 1e-12);
    windows.invoke("resetState");
    assertArrayEquals(net("Short").infer(second), windows.infer(second), 0.0, "reset starts from zeros again");
  }

  /** Padding past an example's length changes nothing: not its output, not any gradient. */
  @Test
  void paddingIsMasked() {
    GeneratedNet net = net("Variable");
    DitherRandom random = new DitherRandom(2);
    double[] x = new double[2 * 6 * 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextUniform(-2, 2);
    }
    int[] lengths = {6, 3};
    int[] labels = {1, 0};
    double before = (double) net.invoke("gradients", x, lengths, labels);
    double[] grads = net.param("rnn.weight_hh").isDouble() ? net.param("rnn.weight_hh").doubleGrads().clone() : null;
    double[] padded = x.clone();
    for (int i = 12 + 3 * 2; i < 24; i++) {
      padded[i] = 100 + i;
    }
    double after = (double) net.invoke("gradients", padded, lengths, labels);
    assertEquals(before, after, 0.0);
    assertArrayEquals(grads, net.param("rnn.weight_hh").doubleGrads(), 0.0);
  }
}
