package dev.dither.processor.validation;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.Gru;
import dev.dither.Input;
import dev.dither.Lstm;
import dev.dither.Sequence;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.InputModel;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;

/**
 * The methods of a {@code @Network} interface sorted into its input and its layers, in declaration
 * order, after the checks of each method's annotations and signature.
 *
 * @param input the input's model, or null if there is none
 * @param inputMethod the method declaring the input, or null if there is none
 * @param layerMethods the methods declaring the layers
 */
record LayerMethods(InputModel input, ExecutableElement inputMethod, List<ExecutableElement> layerMethods) {

  /** Collects the methods of {@code type}, reporting each misplaced or conflicting annotation. */
  static LayerMethods collect(TypeElement type, Reporter reporter, LayerValues layerValues) {
    InputModel input = null;
    ExecutableElement inputMethod = null;
    List<ExecutableElement> layerMethods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      boolean isInput = method.getAnnotation(Input.class) != null || method.getAnnotation(Embedding.class) != null;
      boolean isDense = method.getAnnotation(Dense.class) != null || method.getAnnotation(Lstm.class) != null
          || method.getAnnotation(Gru.class) != null;
      if (!isInput && method.getAnnotation(Sequence.class) != null) {
        reporter.error(Diagnostic.SEQUENCE_NOT_ON_INPUT, method, AnnotationSites.mirror(method, Sequence.class), null,
            method.getSimpleName());
      }
      if (!isInput && !isDense) {
        if (method.getAnnotation(Activation.class) != null) {
          reporter.error(Diagnostic.ACTIVATION_WITHOUT_LAYER, method,
              AnnotationSites.mirror(method, Activation.class), null, method.getSimpleName());
        } else if (method.getModifiers().contains(Modifier.ABSTRACT)) {
          reporter.error(Diagnostic.NOT_A_LAYER, method, null, null, method.getSimpleName());
        }
        continue;
      }
      List<Class<? extends Annotation>> kinds = NetworkValidator.LAYER_ANNOTATIONS.stream()
          .filter(kind -> method.getAnnotation(kind) != null).toList();
      if (kinds.size() > 1) {
        reporter.error(Diagnostic.CONFLICTING_LAYER_ANNOTATIONS, method,
            AnnotationSites.mirror(method, kinds.get(1)), null, method.getSimpleName(),
            kinds.get(0).getSimpleName(), kinds.get(1).getSimpleName());
        continue;
      }
      if (!kinds.contains(Dense.class) && method.getAnnotation(Activation.class) != null) {
        reporter.error(Diagnostic.ACTIVATION_WITHOUT_LAYER, method,
            AnnotationSites.mirror(method, Activation.class), null, method.getSimpleName());
      }
      checkSignature(method, reporter);
      if (method.getSimpleName().toString().contains("$")) {
        reporter.error(Diagnostic.DOLLAR_IN_NAME, method, null, null, method.getSimpleName());
      }
      if (isInput) {
        AnnotationMirror m = method.getAnnotation(Input.class) != null
            ? AnnotationSites.mirror(method, Input.class) : AnnotationSites.mirror(method, Embedding.class);
        if (inputMethod != null) {
          reporter.error(Diagnostic.SEVERAL_INPUTS, method, m, null,
              type.getSimpleName(), method.getSimpleName());
          continue;
        }
        if (!layerMethods.isEmpty()) {
          reporter.error(Diagnostic.INPUT_NOT_FIRST, method, m, null, method.getSimpleName());
        }
        inputMethod = method;
        input = layerValues.input(method, m);
      } else {
        layerMethods.add(method);
      }
    }
    return new LayerMethods(input, inputMethod, layerMethods);
  }

  private static void checkSignature(ExecutableElement method, Reporter reporter) {
    if (!method.getParameters().isEmpty()) {
      reporter.error(Diagnostic.LAYER_HAS_PARAMETERS, method.getParameters().get(0), null, null,
          method.getSimpleName(), method.getParameters().size());
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      reporter.error(Diagnostic.LAYER_NOT_VOID, method, null, null,
          method.getSimpleName(), method.getReturnType());
    }
  }
}
