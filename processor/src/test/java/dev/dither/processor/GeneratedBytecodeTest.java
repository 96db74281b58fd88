package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiled generated class stays small whatever the layer widths: loops, not unrolled code,
 * and no weights as constants. HotSpot does not JIT-compile methods above 8000 bytes of bytecode
 * ({@code -XX:-DontCompileHugeMethods} is off by default), which would leave training interpreted.
 */
class GeneratedBytecodeTest {
  /** HotSpot's {@code HugeMethodLimit}. */
  private static final int HUGE_METHOD_LIMIT = 8000;

  private static Map<String, ClassFile> classes;

  @BeforeAll
  static void compile() throws IOException {
    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(
        network("Mnist", "FLOAT", 784, 256, 256, 10),
        network("MnistDouble", "DOUBLE", 784, 256, 256, 10),
        network("Narrow", "FLOAT", 16, 32, 32, 14),
        network("Tiny", "FLOAT", 16, 32, 2),
        recurrent("NoisyLstm", "Lstm", "GateFunctions.NOISY"),
        recurrent("NoisyGru", "Gru", "GateFunctions.NOISY"),
        recurrent("SoftLstm", "Lstm", "GateFunctions.SOFT"));
    assertThat(compilation).succeeded();
    classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        try (InputStream in = file.openInputStream()) {
          ClassFile c = ClassFile.parse(in.readAllBytes());
          classes.put(c.name(), c);
        }
      }
    }
  }

  /** A cross-entropy network with NAH hard-tanh on every hidden layer. */
  private static JavaFileObject network(String name, String precision, int input, int... layers) {
    StringBuilder source = new StringBuilder()
        .append("package test;\nimport dev.dither.*;\n")
        .append("@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.").append(precision).append(")\n")
        .append("interface ").append(name).append(" {\n")
        .append("  @Input(").append(input).append(") void pixels();\n");
    for (int i = 0; i < layers.length - 1; i++) {
      source.append("  @Dense(").append(layers[i]).append(") @Activation(value = Fn.HARD_TANH, ")
          .append("noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5)) void hidden")
          .append(i).append("();\n");
    }
    source.append("  @Dense(").append(layers[layers.length - 1]).append(") void logits();\n}\n");
    return JavaFileObjects.forSourceString("test." + name, source.toString());
  }

  /** The recurrent benchmark shape: input 32, hidden 128, 50 steps, last state to 10 classes. */
  private static JavaFileObject recurrent(String name, String cell, String functions) {
    return JavaFileObjects.forSourceString("test." + name, "package test;\nimport dev.dither.*;\n"
        + "@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY)\n"
        + "interface " + name + " {\n"
        + "  @Input(32) @Sequence(value = 50, variableLength = true) void x();\n"
        + "  @" + cell + "(value = 128, functions = " + functions + ", output = SequenceOutput.MEAN) void rnn();\n"
        + "  @Dense(10) void logits();\n}\n");
  }

  private static ClassFile model(String name) {
    ClassFile c = classes.get("test/" + name + "Model");
    assertWithMessage("class file of test.%sModel among %s", name, classes.keySet()).that(c).isNotNull();
    return c;
  }

  @Test
  void everyMethodOfALargeNetworkIsBelowTheHugeMethodLimit() {
    for (String name : new String[] {"Mnist", "MnistDouble", "NoisyLstm", "NoisyGru", "SoftLstm"}) {
      ClassFile c = model(name);
      assertThat(c.codeLengths()).isNotEmpty();
      c.codeLengths().forEach((method, length) ->
          assertWithMessage("%s.%s: %s bytes of bytecode", c.name(), method, length)
              .that(length).isLessThan(HUGE_METHOD_LIMIT));
    }
  }

  /**
   * Widths with the same remainder modulo 4 (the writer unrolls dot products by four and adds a
   * remainder loop only when needed) give the same code up to the encoding of the constants.
   */
  @Test
  void codeDoesNotGrowWithLayerWidth() {
    Map<String, Integer> wide = codeLengthsBySignature(model("Mnist"));
    Map<String, Integer> narrow = codeLengthsBySignature(model("Narrow"));
    assertThat(wide.keySet()).containsExactlyElementsIn(narrow.keySet());
    // Only the encoding of the size constants differs (iconst / bipush / sipush / ldc), by at
    // most two bytes per constant.
    wide.forEach((method, length) ->
        assertWithMessage("%s: %s bytes for 784-256-256-10, %s for 16-32-32-14", method, length,
            narrow.get(method))
            .that(length).isAtMost(narrow.get(method) * 11 / 10 + 8));
  }

  /** Code lengths keyed by name and descriptor, with the class's own name (also in nested names) replaced by "Self". */
  private static Map<String, Integer> codeLengthsBySignature(ClassFile c) {
    Map<String, Integer> lengths = new HashMap<>();
    c.codeLengths().forEach((method, length) ->
        lengths.put(method.replace("L" + c.name() + ";", "LSelf;").replace("L" + c.name() + "$", "LSelf$"), length));
    return lengths;
  }

  @Test
  void weightsAreNotConstants() {
    ClassFile wide = model("Mnist");
    ClassFile narrow = model("Narrow");
    ClassFile tiny = model("Tiny");
    // 784-256-256-10 has 269,322 parameters; as constants they would need as many pool entries
    // (or a static initialiser far above the method limit). Same depth: the pools differ only by
    // the few sizes above Short.MAX_VALUE that need an Integer entry.
    assertWithMessage("constant pool of %s", wide.name()).that(wide.constantPoolCount()).isLessThan(1000);
    assertThat(wide.constantPoolCount()).isAtMost(narrow.constantPoolCount() + 8);
    // One layer more adds its members, not its weights.
    assertThat(wide.constantPoolCount()).isAtMost(tiny.constantPoolCount() + 150);
    assertThat(wide.codeLengths()).doesNotContainKey("<clinit>()V");
  }
}
