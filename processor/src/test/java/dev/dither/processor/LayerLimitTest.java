package dev.dither.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The deepest networks the validator accepts (100 layers, see {@code Limits.MAX_LAYERS}) of the
 * kinds with the most members compile, and every generated method stays below the JVM's 64 KB
 * limit; 400 noisy dense layers once failed with "code too large" in the constructor. One more
 * layer is a {@code DitherTooManyLayers} error (ValidationErrorsTest). Measured: the constructor
 * of 100 noisy LSTM layers has about 42,000 bytes of bytecode (about 420 per layer), that of 100
 * noisy dense layers about 17,000, so the limit leaves room for the writers to grow.
 */
class LayerLimitTest {
  private static final int MAX_LAYERS = 100;
  private static final int JVM_METHOD_LIMIT = 65535;

  @Test
  void deepestNoisyDenseNetworkCompiles() throws IOException {
    StringBuilder body = new StringBuilder("  @Input(4) void x();\n");
    for (int i = 0; i < MAX_LAYERS - 1; i++) {
      body.append("  @Dense(2) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15))")
          .append(" void l").append(i).append("();\n");
    }
    assertCompilesWithinLimits("DeepDense", body + "  @Dense(2) void out();\n");
  }

  @Test
  void deepestNoisyLstmNetworkCompiles() throws IOException {
    StringBuilder body = new StringBuilder("  @Input(4) @Sequence(value = 3, variableLength = true) void x();\n");
    for (int i = 0; i < MAX_LAYERS - 1; i++) {
      body.append("  @Lstm(value = 2, functions = GateFunctions.NOISY, output = SequenceOutput.ALL) void l")
          .append(i).append("();\n");
    }
    assertCompilesWithinLimits("DeepLstm", body + "  @Dense(2) void out();\n");
  }

  private static void assertCompilesWithinLimits(String name, String body) throws IOException {
    JavaFileObject source = JavaFileObjects.forSourceString("test." + name,
        "package test;\nimport dev.dither.*;\n@Network\ninterface " + name + " {\n" + body + "}\n");
    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(source);
    assertThat(compilation).succeeded();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      try (InputStream in = file.openInputStream()) {
        ClassFile c = ClassFile.parse(in.readAllBytes());
        int largest = c.codeLengths().values().stream().mapToInt(Integer::intValue).max().orElse(0);
        String method = c.codeLengths().entrySet().stream().filter(e -> e.getValue() == largest)
            .map(java.util.Map.Entry::getKey).findFirst().orElse("?");
        System.out.printf("%s: largest method %s, %d bytes; constant pool %d%n", c.name(), method, largest,
            c.constantPoolCount());
        assertWithMessage("%s.%s", c.name(), method).that(largest).isLessThan(JVM_METHOD_LIMIT);
      }
    }
  }
}
