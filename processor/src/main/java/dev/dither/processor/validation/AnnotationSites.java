package dev.dither.processor.validation;

import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Finds annotation mirrors and attribute values, so diagnostics can point at them. */
final class AnnotationSites {
  private AnnotationSites() {}

  /** The mirror of annotation {@code type} on {@code element}, or null. */
  static AnnotationMirror mirror(Element element, Class<?> type) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      TypeElement t = (TypeElement) m.getAnnotationType().asElement();
      if (t.getQualifiedName().contentEquals(type.getCanonicalName())) {
        return m;
      }
    }
    return null;
  }

  /**
   * The explicitly written value of {@code attribute} in {@code mirror}, or null when the
   * attribute takes its default (javac then points at the annotation as a whole).
   */
  static AnnotationValue value(AnnotationMirror mirror, String attribute) {
    if (mirror == null) {
      return null;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(attribute)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** The mirror of a nested annotation written as the value of {@code attribute}, or null. */
  static AnnotationMirror nested(AnnotationMirror mirror, String attribute) {
    AnnotationValue v = value(mirror, attribute);
    return v != null && v.getValue() instanceof AnnotationMirror m ? m : null;
  }
}
