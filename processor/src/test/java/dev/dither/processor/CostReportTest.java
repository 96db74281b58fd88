package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dither.runtime.GeneratedModel;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compile-time cost report: the note under {@code -Adither.report} and the constants on the
 * generated class, against values worked out by hand for three small networks (dense, LSTM, GRU).
 */
class CostReportTest {
  /** 3 → 4 hard-tanh NAH (p per unit) → 2, FLOAT. */
  private static final String DENSE = """
      @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
      interface $NAME {
        @Input(3) void x();
        @Dense(4) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void hidden();
        @Dense(2) void logits();
      }""";
  /** 2 inputs × 3 steps → LSTM 4 (sigmoid/tanh, last state) → 2, FLOAT. */
  private static final String LSTM = """
      @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
      interface $NAME {
        @Input(2) @Sequence(3) void x();
        @Lstm(value = 4, functions = GateFunctions.SOFT, output = SequenceOutput.LAST) void rnn();
        @Dense(2) void logits();
      }""";
  /** 2 inputs × 3 steps → GRU 4 (last state) → 2, DOUBLE. */
  private static final String GRU = """
      @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
      interface $NAME {
        @Input(2) @Sequence(3) void x();
        @Gru(value = 4, output = SequenceOutput.LAST) void rnn();
        @Dense(2) void logits();
      }""";
  /** Tokens < 11 embedded in 4 → GRU 8 → 2: the embedding table counts, the GRU propagates into it. */
  private static final String EMBEDDED = """
      @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
      interface $NAME {
        @Embedding(vocabulary = 11, dimension = 4) @Sequence(5) void digits();
        @Gru(8) void rnn();
        @Dense(2) void logits();
      }""";

  private static Compilation compile(String name, String body, String... options) {
    return javac().withProcessors(new DitherProcessor()).withOptions((Object[]) options)
        .compile(JavaFileObjects.forSourceString("test." + name, NetworkCompiler.source(name, body)));
  }

  private static List<String> notes(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.NOTE)
        .map(d -> d.getMessage(null))
        .filter(m -> m.startsWith("Dither cost report"))
        .toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {"-Adither.report", "-Adither.report=true"})
  void noteIsPrintedWithTheOption(String option) {
    Compilation compilation = compile("Small", DENSE, option);
    assertEquals(Compilation.Status.SUCCESS, compilation.status());
    List<String> notes = notes(compilation);
    assertThat(notes).hasSize(1);
    // javac indents the continuation lines of a note its own way: compare the lines' text.
    assertThat(notes.get(0).lines().map(String::strip).toList()).containsExactly(
        "Dither cost report for Small (SmallModel, FLOAT):",
        "parameters 30 (120 bytes); per example: inference 40 FLOPs, training step 96 FLOPs, buffers 80 bytes",
        "hidden: 20 parameters, inference 24 FLOPs, training 48 FLOPs",
        "logits: 10 parameters, inference 16 FLOPs, training 48 FLOPs").inOrder();
    // Declared, so javac does not warn that no processor recognised it.
    assertThat(compilation.warnings()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-Adither.report=false"})
  void noNoteWithoutTheOption(String option) {
    Compilation compilation = option.isEmpty() ? compile("Small", DENSE) : compile("Small", DENSE, option);
    assertEquals(Compilation.Status.SUCCESS, compilation.status());
    assertThat(notes(compilation)).isEmpty();
  }

  @Test
  void denseConstants() throws Exception {
    // hidden: 3·4 weights + 4 biases + 4 p; logits: 4·2 + 2. Products 2·3·4 = 24 and 2·4·2 = 16;
    // training: hidden 2 × 24 (no gradient into the data), logits 3 × 16.
    // Buffers: hidden pre, out, delta, xi (4 each), logits pre = out and delta (2 each): 20 floats.
    assertConstants("Small", DENSE, 30, 120, 40, 96, 80);
  }

  @Test
  void lstmConstants() throws Exception {
    // Gates 4·4 = 16. rnn: (2 + 4 + 2 biases) · 16 = 128; logits 10.
    // Forward: 2·3·(2·16) = 192 input + 2·3·(4·16) = 384 recurrent; logits 16.
    // Training: rnn 576 forward + 576 weight gradients + 384 into h_{t-1}; logits 48.
    // Buffers: pre, act, dGates 3·16 each; cell, cellAct, dCell, hidden 3·4 each;
    // c0, dcNext, h0, out, delta, dhNext 4 each; logits pre and delta 2 each: 220 floats.
    assertConstants("Cell", LSTM, 138, 552, 592, 1584, 880);
  }

  @Test
  void gruConstants() throws Exception {
    // Gates 3·4 = 12. rnn: 8 · 12 = 96; logits 10. Forward 2·3·2·12 = 144 + 2·3·4·12 = 288; logits 16.
    // Training: rnn 432 + 432 + 288; logits 48. Buffers: pre, act, dGates, dGh (per step, for the
    // weight gradients after the reverse loop) 36 each; hiddenN, hidden 12 each; gh 12; h0, out,
    // delta, dhNext 4 each; logits 2 + 2: 200 doubles.
    assertConstants("Cell", GRU, 106, 848, 448, 1200, 1600);
  }

  @Test
  void parameterCountMatchesTheParametersTheModelHolds() throws Exception {
    for (String body : List.of(DENSE, LSTM, GRU, EMBEDDED)) {
      ClassLoader loader = NetworkCompiler.compile(Map.of("test.Net", NetworkCompiler.source("Net", body)));
      Class<?> type = loader.loadClass("test.NetModel");
      GeneratedModel model = (GeneratedModel) type.getConstructor(long.class).newInstance(1L);
      assertEquals(model.parameters().scalarCount(), type.getField("PARAMETER_COUNT").getLong(null), body);
    }
  }

  @Test
  void embeddingTableCountsAndTheRecurrentLayerPropagatesIntoIt() throws Exception {
    // Table 11·4 = 44; GRU gates 24: (4 + 8 + 2) · 24 = 336; logits 8·2 + 2 = 18.
    // GRU forward 2·5·4·24 = 960 input + 2·5·8·24 = 1920 recurrent; logits 32.
    // Training: GRU 2880 + 2880 + 1920 + 960 (into the table's rows); logits 96.
    ClassLoader loader = NetworkCompiler.compile(Map.of("test.Embedded", NetworkCompiler.source("Embedded", EMBEDDED)));
    Class<?> type = loader.loadClass("test.EmbeddedModel");
    assertEquals(398, type.getField("PARAMETER_COUNT").getLong(null));
    assertEquals(2912, type.getField("INFERENCE_FLOPS_PER_EXAMPLE").getLong(null));
    assertEquals(8736, type.getField("TRAINING_FLOPS_PER_EXAMPLE").getLong(null));
  }

  private static void assertConstants(String name, String body, long parameters, long parameterBytes,
      long inference, long training, long buffers) throws Exception {
    ClassLoader loader = NetworkCompiler.compile(Map.of("test." + name, NetworkCompiler.source(name, body)));
    Class<?> type = loader.loadClass("test." + name + "Model");
    assertEquals(parameters, type.getField("PARAMETER_COUNT").getLong(null), "PARAMETER_COUNT");
    assertEquals(parameterBytes, type.getField("PARAMETER_BYTES").getLong(null), "PARAMETER_BYTES");
    assertEquals(inference, type.getField("INFERENCE_FLOPS_PER_EXAMPLE").getLong(null), "INFERENCE_FLOPS_PER_EXAMPLE");
    assertEquals(training, type.getField("TRAINING_FLOPS_PER_EXAMPLE").getLong(null), "TRAINING_FLOPS_PER_EXAMPLE");
    assertEquals(buffers, type.getField("BUFFER_BYTES_PER_EXAMPLE").getLong(null), "BUFFER_BYTES_PER_EXAMPLE");
  }
}
