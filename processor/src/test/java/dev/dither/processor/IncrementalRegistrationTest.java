package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/**
 * Gradle runs the processor incrementally only if it is registered as isolating, and an
 * isolating processor must give every generated file exactly one originating element: the
 * annotated interface.
 */
class IncrementalRegistrationTest {
  private static final String REGISTRATION = "META-INF/gradle/incremental.annotation.processors";

  @Test
  void processorIsRegisteredAsIsolating() throws IOException {
    Path file = Path.of(System.getProperty("basedir", "."), "src", "main", "resources", REGISTRATION);
    assertThat(Files.exists(file)).isTrue();
    List<String> entries = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

    assertThat(entries).containsExactly(DitherProcessor.class.getName() + ",isolating");
  }

  @Test
  void registrationIsPackagedWithTheProcessor() throws IOException {
    List<URL> copies = Collections.list(getClass().getClassLoader().getResources(REGISTRATION));
    assertThat(copies).hasSize(1);
    try (var in = copies.get(0).openStream()) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(
          Path.of(System.getProperty("basedir", "."), "src", "main", "resources", REGISTRATION)));
    }
    // The same class is the one javac discovers through ServiceLoader.
    List<URL> services = Collections.list(
        getClass().getClassLoader().getResources("META-INF/services/" + Processor.class.getName()));
    List<String> names = new ArrayList<>();
    for (URL url : services) {
      try (var in = url.openStream()) {
        names.addAll(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim).toList());
      }
    }
    assertThat(names).contains(DitherProcessor.class.getName());
  }

  @Test
  void isolatingProcessorClaimsNoWildcard() {
    assertThat(new DitherProcessor().getSupportedAnnotationTypes()).containsExactly("dev.dither.Network",
        "dev.dither.Input", "dev.dither.Embedding", "dev.dither.Sequence", "dev.dither.Dense", "dev.dither.Activation",
        "dev.dither.Lstm", "dev.dither.Gru", "dev.dither.Gate", "dev.dither.Noise",
        "javax.annotation.processing.Generated");
  }

  @Test
  void eachGeneratedFileHasItsInterfaceAsOnlyOriginatingElement() {
    InterceptingProcessor processor = new InterceptingProcessor();
    Compilation compilation = javac().withProcessors(processor).compile(
        JavaFileObjects.forResource("good/ParityNet.java"),
        JavaFileObjects.forResource("good/DeepNets.java"));
    assertThat(compilation).succeeded();

    List<String> files = new ArrayList<>();
    for (InterceptingProcessor.Created created : processor.created()) {
      assertThat(created.originatingElements()).hasSize(1);
      Element origin = created.originatingElements().get(0);
      assertThat(origin).isInstanceOf(TypeElement.class);
      files.add(created.name() + " <- " + ((TypeElement) origin).getQualifiedName());
    }
    // The nested interface itself, not the class that encloses it.
    assertThat(files).containsExactly(
        "dev.dither.samples.parity.ParityNetModel <- dev.dither.samples.parity.ParityNet",
        "good.CustomName <- good.DeepNets.Deep");
  }
}
