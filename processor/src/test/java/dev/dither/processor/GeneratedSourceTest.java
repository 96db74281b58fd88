package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated source of three networks, compared character for character with
 * {@code src/test/resources/expected/}. After an intended change to the writer, regenerate the
 * expected files with {@code DITHER_UPDATE_GOLDENS=1 mvn test -Dtest=GeneratedSourceTest} and
 * review the diff. Also: the output compiles without a single lint warning, and is the same
 * byte for byte from one compilation to the next, with no date in it.
 */
class GeneratedSourceTest {
  private static final boolean UPDATE = "1".equals(System.getenv("DITHER_UPDATE_GOLDENS"));
  private static final Path EXPECTED_DIR =
      Path.of(System.getProperty("basedir", "."), "src", "test", "resources", "expected");

  /**
   * @param input the description, {@code good/<input>}
   * @param generated the qualified name of the generated class
   */
  record Golden(String input, String generated) {
    @Override
    public String toString() {
      return input + " → " + generated;
    }

    String expectedFile() {
      return generated.substring(generated.lastIndexOf('.') + 1) + ".java";
    }
  }

  static List<Golden> goldens() {
    return List.of(
        // FLOAT, NAH hard-tanh, cross-entropy on logits: the parity sample.
        new Golden("ParityNet.java", "dev.dither.samples.parity.ParityNetModel"),
        // DOUBLE, MSE, NANIL hard-sigmoid with frozen p, NANIS hard-tanh, unfused SOFTMAX output.
        new Golden("RegressionNet.java", "good.RegressionNetModel"),
        // FLOAT, RELU/SIGMOID/TANH, NAN hard-sigmoid with alpha, Glorot and orthogonal gains,
        // bias shift, nested interface, @Network(name = "CustomName").
        new Golden("DeepNets.java", "good.CustomName"));
  }

  private static Compilation compile(List<JavaFileObject> inputs) {
    return javac().withProcessors(new DitherProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(inputs);
  }

  private static JavaFileObject good(String input) {
    return JavaFileObjects.forResource("good/" + input);
  }

  private static String generatedSource(Compilation compilation, String className) {
    JavaFileObject file = compilation.generatedSourceFile(className)
        .orElseThrow(() -> new AssertionError(className + " was not generated"));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void generatedSourceMatchesGolden(Golden golden) throws IOException {
    Compilation compilation = compile(List.of(good(golden.input())));
    assertThat(compilation).succeededWithoutWarnings();
    String actual = generatedSource(compilation, golden.generated());

    if (UPDATE) {
      Files.createDirectories(EXPECTED_DIR);
      Files.writeString(EXPECTED_DIR.resolve(golden.expectedFile()), actual, StandardCharsets.UTF_8);
      return;
    }
    URL expected = getClass().getClassLoader().getResource("expected/" + golden.expectedFile());
    assertWithMessage("missing expected/%s; create it with DITHER_UPDATE_GOLDENS=1", golden.expectedFile())
        .that(expected).isNotNull();
    String text;
    try (InputStream in = expected.openStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
    }
    assertEquals(text, actual, "generated " + golden.generated() + " differs from expected/"
        + golden.expectedFile() + "; if the change is intended, rerun with DITHER_UPDATE_GOLDENS=1 and review the diff");
  }

  @Test
  void outputIsByteIdenticalAcrossCompilations() throws IOException {
    List<JavaFileObject> inputs = new ArrayList<>();
    for (Golden golden : goldens()) {
      inputs.add(good(golden.input()));
    }
    Compilation first = compile(inputs);
    List<JavaFileObject> reversed = new ArrayList<>(inputs);
    Collections.reverse(reversed);
    Compilation second = compile(reversed);

    Map<String, byte[]> before = contents(first);
    Map<String, byte[]> after = contents(second);
    assertThat(after.keySet()).containsExactlyElementsIn(before.keySet());
    for (Map.Entry<String, byte[]> e : before.entrySet()) {
      assertWithMessage("%s differs between two compilations", e.getKey())
          .that(after.get(e.getKey())).isEqualTo(e.getValue());
    }
    // Both sources and class files of all three models are compared.
    assertThat(before.keySet().stream().filter(n -> n.endsWith(".java")).count()).isEqualTo(3);
    assertThat(before.keySet().stream().filter(n -> n.endsWith(".class")).count()).isAtLeast(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void generatedSourceHasNoTimestamp(Golden golden) {
    Compilation compilation = compile(List.of(good(golden.input())));
    String source = generatedSource(compilation, golden.generated());

    assertThat(source).contains("@Generated(\"dev.dither.processor.DitherProcessor\")");
    assertThat(source).doesNotContainMatch(Pattern.compile("(?i)\\bdate\\b"));
    assertThat(source).doesNotContain(LocalDate.now().toString());
    assertThat(source).doesNotContainMatch(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}"));
    assertThat(source).doesNotContainMatch(Pattern.compile("\\b\\d{1,2}:\\d{2}(:\\d{2})?\\b"));
  }

  /** Generated files by path (sources and class files), as bytes. */
  private static Map<String, byte[]> contents(Compilation compilation) throws IOException {
    assertThat(compilation).succeeded();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      if (path.contains("/good/") || path.contains("/parity/")) {
        try (InputStream in = file.openInputStream()) {
          files.put(path, in.readAllBytes());
        }
      }
    }
    files.keySet().removeIf(p -> !p.endsWith("Model.java") && !p.endsWith("CustomName.java")
        && !p.endsWith("Model.class") && !p.endsWith("CustomName.class"));
    return files;
  }
}
