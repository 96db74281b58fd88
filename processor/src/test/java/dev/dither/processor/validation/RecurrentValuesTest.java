package dev.dither.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dither.Gru;
import dev.dither.Lstm;
import dev.dither.Noise;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The validator's copy of the {@code @Lstm} and {@code @Gru} defaults must agree with the annotations. */
class RecurrentValuesTest {

  @ParameterizedTest
  @ValueSource(classes = {Lstm.class, Gru.class})
  void defaultNoiseIsTheDeclaredDefault(Class<? extends Annotation> cell) throws ReflectiveOperationException {
    Noise declared = (Noise) cell.getMethod("noise").getDefaultValue();

    assertEquals(declared.variant(), RecurrentValues.DEFAULT_NOISE.variant());
    assertEquals(declared.alpha(), RecurrentValues.DEFAULT_NOISE.alpha());
    assertEquals(declared.c(), RecurrentValues.DEFAULT_NOISE.c());
    assertEquals(declared.learnP(), RecurrentValues.DEFAULT_NOISE.learnP());
  }

  /** {@link RecurrentValues#of} on a mirror that writes only the size gives every declared default. */
  @ParameterizedTest
  @ValueSource(classes = {Lstm.class, Gru.class})
  void valuesOfADefaultMirrorAreTheDeclaredDefaults(Class<? extends Annotation> cell)
      throws ReflectiveOperationException {
    List<RecurrentValues> read = new ArrayList<>();
    Compilation compilation = javac().withProcessors(new AbstractProcessor() {
      @Override
      public Set<String> getSupportedAnnotationTypes() {
        return Set.of(cell.getCanonicalName());
      }

      @Override
      public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
      }

      @Override
      public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element method : round.getElementsAnnotatedWith(cell)) {
          read.add(RecurrentValues.of(AnnotationSites.mirror(method, cell)));
        }
        return false;
      }
    }).compile(JavaFileObjects.forSourceLines("test.Plain",
        "package test;",
        "interface Plain {",
        "  @dev.dither." + cell.getSimpleName() + "(6) void rnn();",
        "}"));

    assertThat(compilation).succeeded();
    assertEquals(1, read.size());
    RecurrentValues values = read.get(0);
    assertEquals(6, values.units());
    assertEquals(cell.getMethod("functions").getDefaultValue(), values.functions());
    assertEquals(cell.getMethod("output").getDefaultValue(), values.output());
    assertEquals(0, ((Object[]) cell.getMethod("gates").getDefaultValue()).length);
    assertEquals(List.of(), values.gates());
    assertNull(values.noiseMirror());
    assertEquals(RecurrentValues.DEFAULT_NOISE, values.noise());
    assertEquals(5, cell.getDeclaredMethods().length,
        "a new @" + cell.getSimpleName() + " attribute needs a default in RecurrentValues");
  }
}
