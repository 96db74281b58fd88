package dev.dither.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import javax.lang.model.element.Modifier;

/**
 * Wraps a public entry point in the checks that every entry shares: each reference argument is
 * named when null, and a {@code UseGuard} turns a second thread entering the same instance into
 * an immediate error (instead of mixed buffers, lost steps or an index error from deep inside).
 * Only entry points that do work are wrapped; those that delegate to one (such as
 * {@code infer(inputs)}) are not, so no call enters the guard twice.
 */
final class EntryPointWriter {
  static final String GUARD = "guard";
  private static final ClassName USE_GUARD = ClassName.get(WriterContext.RUNTIME, "UseGuard");
  private static final ClassName CHECKS = ClassName.get(WriterContext.RUNTIME, "Checks");

  private EntryPointWriter() {}

  /** The guard field; {@code kind} names the guarded object in messages ("model", "inference view"). */
  static FieldSpec guardField(String kind) {
    return FieldSpec.builder(USE_GUARD, GUARD, Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Fails fast when a second thread enters while one is inside: an instance is single-threaded.\n")
        .initializer("new $T(NETWORK, $S)", USE_GUARD, kind)
        .build();
  }

  /** {@code method} with null checks of its reference arguments and its body inside the guard. */
  static MethodSpec guarded(MethodSpec method) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(method.name())
        .addJavadoc(method.javadoc())
        .addAnnotations(method.annotations())
        .addModifiers(method.modifiers())
        .returns(method.returnType())
        .addParameters(method.parameters())
        .addExceptions(method.exceptions());
    for (ParameterSpec p : method.parameters()) {
      if (!p.type().isPrimitive()) {
        m.addStatement("$T.notNull(NETWORK, $S, $S, $N)", CHECKS, method.name(), p.name(), p.name());
      }
    }
    return m.addStatement("$L.enter($S)", GUARD, method.name())
        .beginControlFlow("try")
        .addCode(method.code())
        .nextControlFlow("finally")
        .addStatement("$L.exit()", GUARD)
        .endControlFlow()
        .build();
  }

  /** A statement naming a null argument, for entry points that delegate rather than being guarded. */
  static CodeBlock notNull(String method, String argument) {
    return CodeBlock.of("$T.notNull(NETWORK, $S, $S, $N);\n", CHECKS, method, argument, argument);
  }
}
