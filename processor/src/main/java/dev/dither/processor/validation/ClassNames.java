package dev.dither.processor.validation;

import java.util.Set;
import javax.lang.model.SourceVersion;

/** Which strings can name the generated class. */
final class ClassNames {
  private ClassNames() {}

  /**
   * Identifiers that are not keywords but cannot name a type (JLS 3.9, TypeIdentifier), so
   * {@link SourceVersion#isKeyword} lets them through.
   */
  private static final Set<String> RESTRICTED = Set.of("var", "yield", "record", "sealed", "permits");

  static boolean isValid(String name) {
    return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !RESTRICTED.contains(name);
  }
}
