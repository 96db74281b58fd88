package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.function.Function;
import javax.annotation.processing.FilerException;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * An exception while processing one network becomes a single {@code DitherInternalError} on
 * that interface, not a javac crash, and the other networks of the compilation are still
 * generated. No valid network makes the processor throw, so the exception comes from a Filer
 * that fails for one chosen file (see {@link InterceptingProcessor}).
 */
class InternalErrorTest {
  private static final JavaFileObject BOOM = JavaFileObjects.forSourceLines("test.Boom",
      "package test;",
      "import dev.dither.*;",
      "@Network(loss = Loss.MEAN_SQUARED_ERROR)",
      "interface Boom {",
      "  @Input(3) void x();",
      "  @Dense(1) void y();",
      "}");
  private static final JavaFileObject FINE = JavaFileObjects.forSourceLines("test.Fine",
      "package test;",
      "import dev.dither.*;",
      "@Network(loss = Loss.MEAN_SQUARED_ERROR)",
      "interface Fine {",
      "  @Input(3) void x();",
      "  @Dense(1) void y();",
      "}");

  private static Compilation compileFailingBoom(Throwable failure) {
    Function<String, Throwable> failures = name -> name.equals("test.BoomModel") ? failure : null;
    InterceptingProcessor processor = new InterceptingProcessor(failures);
    Compilation compilation = javac().withProcessors(processor).compile(BOOM, FINE);
    assertThat(processor.createdNames()).containsExactly("test.BoomModel", "test.FineModel");
    return compilation;
  }

  @Test
  void runtimeExceptionBecomesOneDiagnosticOnTheInterface() {
    Compilation compilation = compileFailingBoom(new IllegalStateException("disk on fire"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(
            "[DitherInternalError] internal error while processing test.Boom: "
                + "java.lang.IllegalStateException: disk on fire")
        .inFile(BOOM).onLine(4);
    assertThat(compilation).hadErrorContaining(
        "(hint: this is a bug in Dither; please report it with the network description)");
    // The stack trace is part of the message, so that a report can be acted on.
    assertThat(compilation).hadErrorContaining("at dev.dither.processor.InternalErrorTest.runtimeException");
  }

  @Test
  void ioExceptionFromTheFilerBecomesOneDiagnosticOnTheInterface() {
    Compilation compilation = compileFailingBoom(new FilerException("Attempt to recreate a file"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(
            "[DitherInternalError] internal error while processing test.Boom: "
                + "javax.annotation.processing.FilerException: Attempt to recreate a file")
        .inFile(BOOM).onLine(4);
  }
}
