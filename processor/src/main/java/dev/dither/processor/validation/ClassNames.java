package dev.dither.processor.validation;

import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** The rules on the generated class's name, and the {@code java.lang} names it must qualify. */
final class ClassNames {
  /**
   * Identifiers that are not keywords but cannot name a type (JLS 3.9, TypeIdentifier), so
   * {@link SourceVersion#isKeyword} lets them through.
   */
  private static final Set<String> RESTRICTED = Set.of("var", "yield", "record", "sealed", "permits");

  /**
   * The {@code java.lang} types the generated code names. A type of the same simple name in the
   * network's package (or the generated class itself) hides them, so the writer qualifies those.
   */
  private static final List<String> JAVA_LANG_NAMES = List.of("Math", "System", "Double", "Float", "Integer",
      "Character", "String", "Object", "Override", "IllegalArgumentException", "IllegalStateException",
      "UnsupportedOperationException");

  private final Elements elements;
  private final Reporter reporter;

  ClassNames(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
  }

  /**
   * Reports a generated class name that javac or the file system would refuse, and a {@code $}
   * in the interface's or the class's name.
   *
   * @param interfaceName the interface's name, nested names joined with '.'
   */
  void check(TypeElement type, AnnotationMirror network, String interfaceName, String className) {
    AnnotationValue name = AnnotationSites.value(network, "name");
    if (!isValid(className)) {
      reporter.error(Diagnostic.INVALID_CLASS_NAME, type, network, name, className);
    } else if (className.length() > Limits.MAX_CLASS_NAME) {
      reporter.error(Diagnostic.NAME_TOO_LONG, type, network, name, className.substring(0, 40), className.length(),
          Limits.MAX_CLASS_NAME);
    }
    if (interfaceName.contains("$")) {
      reporter.error(Diagnostic.DOLLAR_IN_NAME, type, network, null, interfaceName);
    } else if (className.contains("$")) {
      reporter.error(Diagnostic.DOLLAR_IN_NAME, type, network, name, className);
    }
  }

  /**
   * The {@code java.lang} names the generated class must qualify: those of a type in its package,
   * of a class generated in this round ({@code generatedClasses}, qualified names) or of itself.
   */
  Set<String> hiddenJavaLangNames(PackageElement pkg, String className, Set<String> generatedClasses) {
    String prefix = pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".";
    Set<String> hidden = new TreeSet<>();
    for (String name : JAVA_LANG_NAMES) {
      if (name.equals(className) || generatedClasses.contains(prefix + name)
          || elements.getTypeElement(prefix + name) != null) {
        hidden.add(name);
      }
    }
    return hidden;
  }

  static boolean isValid(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !RESTRICTED.contains(name);
  }
}
