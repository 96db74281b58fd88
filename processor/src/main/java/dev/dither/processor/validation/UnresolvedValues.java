package dev.dither.processor.validation;

import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds annotation values javac could not resolve, such as {@code @Dense(Sizes.MISSING)}. javac
 * has already reported them (or will, after the last round); reading them would throw
 * {@code AnnotationTypeMismatchException}, so the processor leaves such a network for a later
 * round, in which another processor may have generated the missing constant, and otherwise adds
 * nothing to javac's own error.
 */
public final class UnresolvedValues {
  private UnresolvedValues() {}

  /** Whether an annotation of {@code type} or of one of its methods has a value javac could not resolve. */
  public static boolean in(TypeElement type) {
    if (any(type)) {
      return true;
    }
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (any(method)) {
        return true;
      }
    }
    return false;
  }

  private static boolean any(Element element) {
    return element.getAnnotationMirrors().stream().anyMatch(UnresolvedValues::unresolved);
  }

  private static boolean unresolved(AnnotationMirror mirror) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (unresolved(e.getKey().getReturnType(), e.getValue())) {
        return true;
      }
    }
    return false;
  }

  /** javac stands in an erroneous value with the string {@code <error>}, whatever the declared type. */
  private static boolean unresolved(TypeMirror declared, AnnotationValue value) {
    Object v = value.getValue();
    if (declared.getKind() == TypeKind.ARRAY) {
      TypeMirror component = ((javax.lang.model.type.ArrayType) declared).getComponentType();
      return !(v instanceof List<?> list)
          || list.stream().anyMatch(item -> !(item instanceof AnnotationValue av) || unresolved(component, av));
    }
    if (declared.getKind().isPrimitive()) {
      return !(v instanceof Number || v instanceof Boolean || v instanceof Character);
    }
    if (v instanceof AnnotationMirror nested) {
      return unresolved(nested);
    }
    if (v instanceof String s) {
      return s.equals("<error>") || !declared.toString().equals("java.lang.String");
    }
    return !(v instanceof VariableElement || v instanceof TypeMirror);
  }
}
