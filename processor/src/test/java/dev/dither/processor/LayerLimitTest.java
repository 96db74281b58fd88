package dev.dither.processor;

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
import org.junit.jupiter.api.Test;

/**
 * The deepest networks the validator accepts (100 layers, {@code Limits.MAX_LAYERS}) stay below
 * the JVM's 64 KB method limit; 400 noisy dense layers once failed with "code too large" in the
 * constructor, and one layer more than the limit is a {@code DitherTooManyLayers} error
 * (ValidationErrorsTest). Code grows linearly with depth, so two shallow networks of the layer
 * kinds with the most members give the size at the limit without compiling a 100-layer class
 * (which takes javac a minute). Measured: the constructor grows by about 420 bytes per noisy LSTM
 * layer and 170 per noisy dense layer, about 42,000 and 17,000 bytes at the limit.
 */
class LayerLimitTest {
  private static final int MAX_LAYERS = 100;
  private static final int JVM_METHOD_LIMIT = 65535;
  private static final String NOISY_DENSE =
      "@Dense(2) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15))";
  private static final String NOISY_LSTM =
      "@Lstm(value = 2, functions = GateFunctions.NOISY, output = SequenceOutput.ALL)";

  @Test
  void deepestNoisyDenseNetworkStaysBelowTheMethodLimit() throws IOException {
    assertBelowLimitAtMaxDepth("Dense", "  @Input(4) void x();\n", NOISY_DENSE);
  }

  @Test
  void deepestNoisyLstmNetworkStaysBelowTheMethodLimit() throws IOException {
    assertBelowLimitAtMaxDepth("Lstm", "  @Input(4) @Sequence(value = 3, variableLength = true) void x();\n",
        NOISY_LSTM);
  }

  private static void assertBelowLimitAtMaxDepth(String kind, String input, String layer) throws IOException {
    int shallow = 10;
    int deep = 20;
    Map<String, ClassFile> classes = compile(network(kind + shallow, input, layer, shallow),
        network(kind + deep, input, layer, deep));
    Map<String, Integer> atShallow = classes.get("test/" + kind + shallow + "Model").codeLengths();
    Map<String, Integer> atDeep = classes.get("test/" + kind + deep + "Model").codeLengths();
    for (Map.Entry<String, Integer> e : atDeep.entrySet()) {
      Integer before = atShallow.get(e.getKey().replace(kind + deep + "Model", kind + shallow + "Model"));
      if (before == null) {
        continue; // a layer's own method, whose size does not depend on depth
      }
      double perLayer = (e.getValue() - before) / (double) (deep - shallow);
      long atLimit = Math.round(e.getValue() + perLayer * (MAX_LAYERS - deep));
      assertWithMessage("%s at %s layers (%s bytes per layer)", e.getKey(), MAX_LAYERS, perLayer)
          .that(atLimit).isLessThan(JVM_METHOD_LIMIT);
    }
  }

  /** {@code depth} layers, the last a dense output. */
  private static JavaFileObject network(String name, String input, String layer, int depth) {
    StringBuilder body = new StringBuilder(input);
    for (int i = 0; i < depth - 1; i++) {
      body.append("  ").append(layer).append(" void l").append(i).append("();\n");
    }
    body.append("  @Dense(2) void out();\n");
    return JavaFileObjects.forSourceString("test." + name,
        "package test;\nimport dev.dither.*;\n@Network\ninterface " + name + " {\n" + body + "}\n");
  }

  private static Map<String, ClassFile> compile(JavaFileObject... sources) throws IOException {
    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(sources);
    assertThat(compilation).succeeded();
    Map<String, ClassFile> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        try (InputStream in = file.openInputStream()) {
          ClassFile c = ClassFile.parse(in.readAllBytes());
          classes.put(c.name(), c);
        }
      }
    }
    return classes;
  }
}
