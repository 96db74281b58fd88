package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dither.runtime.Parameter;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Recurrent layers written with nothing but their size. Their defaults are enums
 * ({@code GateFunctions}, {@code SequenceOutput}) and a nested {@code @Noise} with a
 * {@code NoiseVariant}, the kind of default javac 17 failed to turn into a reflective proxy for
 * {@code @Activation} when no source in the compilation mentioned {@code NoiseVariant} (see
 * {@code NoiseValues}). The validator reads recurrent attributes from the mirror
 * ({@code RecurrentValues}); these sources name none of the defaulted types, so nothing in the
 * compilation resolves them before the validator does.
 */
class RecurrentValidationTest {
  private static final String LSTM = """
      @Network
      interface $NAME {
        @Input(3) @Sequence(4) void features();
        @Lstm(5) void rnn();
        @Dense(2) void logits();
      }""";

  private static final String GRU = """
      @Network
      interface $NAME {
        @Embedding(vocabulary = 7, dimension = 3) @Sequence(value = 4, variableLength = true) void tokens();
        @Gru(5) void rnn();
        @Dense(2) void logits();
      }""";

  @Test
  void sourcesNameNoneOfTheDefaultedTypes() {
    for (String body : List.of(LSTM, GRU)) {
      for (String type : List.of("GateFunctions", "NoiseVariant", "SequenceOutput", "Noise", "Gate")) {
        assertThat(body).doesNotContain(type);
      }
    }
  }

  @Test
  void defaultLstmAndGruCompileWithoutAnyDefaultedTypeInTheCompilation() {
    JavaFileObject lstm = JavaFileObjects.forSourceString("test.PlainLstm",
        NetworkCompiler.source("PlainLstm", LSTM));
    JavaFileObject gru = JavaFileObjects.forSourceString("test.PlainGru",
        NetworkCompiler.source("PlainGru", GRU));

    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(lstm, gru);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.PlainLstmModel");
    assertThat(compilation).generatedSourceFile("test.PlainGruModel");
  }

  /** The defaults are PyTorch's cells: soft functions, no noise, so no p parameters. */
  @Test
  void defaultCellsHaveNoNoiseParametersAndRun() {
    ClassLoader loader = NetworkCompiler.compile(Map.of(
        "test.PlainLstm", NetworkCompiler.source("PlainLstm", LSTM),
        "test.PlainGru", NetworkCompiler.source("PlainGru", GRU)));

    GeneratedNet lstm = GeneratedNet.create(loader, "test.PlainLstmModel", 1);
    GeneratedNet gru = GeneratedNet.create(loader, "test.PlainGruModel", 1);

    assertThat(names(lstm)).containsExactly("rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih", "rnn.bias_hh",
        "logits.weight", "logits.bias");
    assertThat(names(gru)).containsExactly("tokens.weight", "rnn.weight_ih", "rnn.weight_hh", "rnn.bias_ih",
        "rnn.bias_hh", "logits.weight", "logits.bias");
    double[] out = lstm.infer(new double[] {0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8, 0.9, 1.0, -1.1, 1.2});
    assertThat(out).hasLength(2);
    for (double v : out) {
      assertThat(Double.isFinite(v)).isTrue();
    }
  }

  private static List<String> names(GeneratedNet net) {
    return net.model.parameters().all().stream().map(Parameter::name).toList();
  }
}
