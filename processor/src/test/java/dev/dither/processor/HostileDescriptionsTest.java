package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The descriptions of issue 9 that once produced uncompilable code or an internal error: each now
 * compiles to working code, or gets javac's own error and nothing more.
 */
class HostileDescriptionsTest {

  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of("package test;", "import dev.dither.*;"));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  private static Compilation compile(JavaFileObject... files) {
    return javac().withOptions("-Xlint:all", "-Werror").withProcessors(new DitherProcessor()).compile(files);
  }

  /** A network, interface or sibling class named after a java.lang type the generated code uses. */
  @ParameterizedTest
  @ValueSource(strings = {"Math", "System", "Double", "Float", "String", "Override", "IllegalArgumentException",
      "IllegalStateException", "Object", "Integer", "Character", "Class", "Deprecated", "SuppressWarnings"})
  void javaLangNamesAreQualified(String name) {
    JavaFileObject sibling = source(name, "final class " + name + " {}");
    JavaFileObject named = source("Named" + name,
        "@Network(name = \"" + name + "Net\", precision = Precision.DOUBLE)",
        "interface Named" + name + " {",
        "  @Input(3) void x();",
        "  @Dense(value = 4) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void h();",
        "  @Dense(2) @Activation(Fn.SOFTMAX) void y();",
        "}");
    JavaFileObject itself = source(name + "Net2",
        "@Network(name = \"" + name + "\", loss = Loss.MEAN_SQUARED_ERROR)",
        "interface " + name + "Net2 {",
        "  @Input(3) @Sequence(2) void x();",
        "  @Lstm(value = 3, functions = GateFunctions.NOISY) void r();",
        "  @Dense(1) void y();",
        "}");
    JavaFileObject nested = source("Outer" + name,
        "class Outer" + name + " {",
        "  static class " + name + " {}",
        "  @Network(loss = Loss.MEAN_SQUARED_ERROR)",
        "  interface Net {",
        "    @Input(3) void x();",
        "    @Dense(1) void y();",
        "  }",
        "}");
    assertThat(compile(sibling, named)).succeededWithoutWarnings();
    // The generated class itself takes the name.
    assertThat(compile(itself)).succeededWithoutWarnings();
    assertThat(compile(nested)).succeededWithoutWarnings();
  }

  @Test
  void unresolvedConstantLeavesOnlyJavacsError() {
    JavaFileObject file = source("Missing",
        "@Network",
        "interface Missing {",
        "  @Input(3) void x();",
        "  @Dense(Sizes.MISSING) void h();",
        "  @Dense(2) void y();",
        "}");
    InterceptingProcessor processor = new InterceptingProcessor();
    Compilation compilation = javac().withProcessors(processor).compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(file).onLine(6);
    assertThat(processor.createdNames()).isEmpty();
  }

  /** The processor claims its annotations, so -Xlint:all does not warn that nobody did. */
  @Test
  void annotationsAreClaimed() {
    JavaFileObject file = source("Claimed",
        "@Network(loss = Loss.MEAN_SQUARED_ERROR)",
        "interface Claimed {",
        "  @Input(3) @Sequence(2) void x();",
        "  @Lstm(value = 2, gates = @Gate(value = GateName.INPUT, fn = Fn.HARD_SIGMOID)) void r();",
        "  @Dense(1) @Activation(Fn.TANH) void y();",
        "}");
    Compilation compilation = javac().withOptions("-Xlint:all").withProcessors(new DitherProcessor()).compile(file);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @ParameterizedTest
  @ValueSource(strings = {"var", "yield", "record", "sealed", "permits", "when", "module", "open", "exports",
      "to", "with", "requires", "transitive", "uses", "provides", "opens"})
  void restrictedIdentifiersAsLayerNames(String name) {
    JavaFileObject file = source("Restricted",
        "@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)",
        "interface Restricted {",
        "  @Input(3) @Sequence(2) void " + name + "();",
        "  @Lstm(value = 2, functions = GateFunctions.NOISY) void r();",
        "  @Dense(2) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN)) void h();",
        "  @Dense(1) void y();",
        "}");
    assertThat(compile(file)).succeededWithoutWarnings();
  }

  /** Only recurrent layers have a member {@code <name>PCell}: dense x and xP do not clash. */
  @Test
  void denseLayerBesideItsNamePlusPIsValid() {
    JavaFileObject file = source("PNames",
        "@Network(loss = Loss.MEAN_SQUARED_ERROR)",
        "interface PNames {",
        "  @Input(3) void in();",
        "  @Dense(value = 4) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void x();",
        "  @Dense(value = 4) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void xP();",
        "  @Dense(1) void y();",
        "}");
    assertThat(compile(file)).succeededWithoutWarnings();
  }
}
