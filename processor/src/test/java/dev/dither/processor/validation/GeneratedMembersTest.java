package dev.dither.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.NoiseVariant;
import dev.dither.SequenceOutput;
import dev.dither.processor.DitherProcessor;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The member lists the name-clash rule uses hold every member the writers derive from a name:
 * each identifier of a generated source that starts with a layer's name (or its constant) is in
 * the list of that layer's kind, so the validator cannot miss a clash.
 */
class GeneratedMembersTest {

  @Test
  void everyDerivedMemberIsListed() throws IOException {
    JavaFileObject source = JavaFileObjects.forSourceLines("test.Members",
        "package test;",
        "import dev.dither.*;",
        "@Network",
        "interface Members {",
        "  @Embedding(vocabulary = 5, dimension = 3) @Sequence(value = 4, variableLength = true) void tok();",
        "  @Lstm(value = 3, functions = GateFunctions.NOISY, output = SequenceOutput.ALL,",
        "      gates = @Gate(value = GateName.CELL, fn = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NANIL)))",
        "  void lstm();",
        "  @Gru(value = 3, functions = GateFunctions.NOISY, output = SequenceOutput.ALL) void gru();",
        "  @Dense(3) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN)) void dense();",
        "  @Dense(2) void out();",
        "}");
    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(source);
    assertThat(compilation).succeeded();
    String generated = compilation.generatedSourceFiles().get(0).getCharContent(true).toString();

    ActivationModel nan = new ActivationModel(Fn.HARD_TANH, NoiseVariant.NAN, 1, 1, true);
    assertListed(generated, "tok", GeneratedMembers.of(new InputModel("tok", 3, 4, true, 5)));
    assertListed(generated, "lstm", GeneratedMembers.of(new RecurrentLayerModel("lstm", 0,
        RecurrentLayerModel.Cell.LSTM, 3, 3, 4, true, SequenceOutput.ALL, List.of(), null, -1, -1)));
    assertListed(generated, "gru", GeneratedMembers.of(new RecurrentLayerModel("gru", 1,
        RecurrentLayerModel.Cell.GRU, 3, 3, 4, true, SequenceOutput.ALL, List.of(), null, -1, -1)));
    assertListed(generated, "dense", GeneratedMembers.of(
        new DenseLayerModel("dense", 2, 3, 3, Init.PYTORCH_DEFAULT, 1, 0, nan, 0, true)));
  }

  private static void assertListed(String generated, String name, List<String> listed) {
    Set<String> derived = new TreeSet<>();
    Matcher m = Pattern.compile("\\b(" + name + "[A-Z0-9]\\w*|" + GeneratedMembers.constant(name) + "_\\w+)\\b")
        .matcher(generated);
    while (m.find()) {
      derived.add(m.group(1));
    }
    assertWithMessage("members derived from %s", name).that(derived).isNotEmpty();
    assertWithMessage("members derived from %s", name).that(listed).containsAtLeastElementsIn(derived);
  }
}
