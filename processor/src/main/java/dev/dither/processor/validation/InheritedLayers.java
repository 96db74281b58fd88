package dev.dither.processor.validation;

import dev.dither.Activation;
import dev.dither.Sequence;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Layers must be declared in the {@code @Network} interface: those of a super-interface have no
 * defined place in the network's order, so they are reported rather than silently dropped.
 */
final class InheritedLayers {
  private final Reporter reporter;

  InheritedLayers(Reporter reporter) {
    this.reporter = reporter;
  }

  /** Reports every layer method {@code network} inherits through {@code type}'s super-interfaces. */
  void check(TypeElement network, TypeElement type, AnnotationMirror networkMirror) {
    for (TypeMirror parent : type.getInterfaces()) {
      if (!(parent instanceof DeclaredType declared) || !(declared.asElement() instanceof TypeElement superType)) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(superType.getEnclosedElements())) {
        boolean layer = NetworkValidator.LAYER_ANNOTATIONS.stream().anyMatch(kind -> method.getAnnotation(kind) != null)
            || method.getAnnotation(Activation.class) != null || method.getAnnotation(Sequence.class) != null;
        if (layer) {
          reporter.error(Diagnostic.INHERITED_LAYER, network, networkMirror, null, network.getSimpleName(),
              method.getSimpleName(), superType.getQualifiedName());
        }
      }
      check(network, superType, networkMirror);
    }
  }
}
