package dev.dither.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/**
 * Reports diagnostics at the most precise location available: the annotation attribute when
 * there is one, so that javac underlines exactly what is wrong. It counts errors and keeps
 * going, so that one compilation shows every problem of a network.
 */
public final class Reporter {
  private final Messager messager;
  private int errors;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  public void error(Diagnostic diagnostic, Element element, AnnotationMirror annotation,
      AnnotationValue value, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, diagnostic.format(args), element, annotation, value);
  }

  public int errorCount() {
    return errors;
  }
}
