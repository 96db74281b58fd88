package dev.dither.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.TypeName;
import dev.dither.Precision;

/**
 * The scalar type of the generated code. Everything that differs between FLOAT and DOUBLE
 * networks goes through here, so the writers emit one template for both.
 */
final class Scalar {
  private final boolean isFloat;
  private final java.util.Set<String> hiddenJavaLangNames;

  Scalar(Precision precision, java.util.Set<String> hiddenJavaLangNames) {
    this.isFloat = precision == Precision.FLOAT;
    this.hiddenJavaLangNames = hiddenJavaLangNames;
  }

  /**
   * How the generated code names the {@code java.lang} type {@code simpleName} in code written
   * as text: simply, unless a type of the user's package (or the generated class) hides it.
   */
  String lang(String simpleName) {
    return hiddenJavaLangNames.contains(simpleName) ? "java.lang." + simpleName : simpleName;
  }

  TypeName type() {
    return isFloat ? TypeName.FLOAT : TypeName.DOUBLE;
  }

  ArrayTypeName array() {
    return ArrayTypeName.of(type());
  }

  /** An array of rows, {@code float[][]} or {@code double[][]}. */
  ArrayTypeName rows() {
    return ArrayTypeName.of(array());
  }

  /** {@code float} or {@code double}, for templates. */
  String name() {
    return isFloat ? "float" : "double";
  }

  /**
   * A literal that denotes exactly {@code value} rounded to this type. Validation bounds every
   * value a literal derives from, so a value that is not finite here is a bug, not bad input.
   */
  String lit(double value) {
    if (!Double.isFinite(value) || (isFloat && !Float.isFinite((float) value))) {
      throw new IllegalArgumentException("no " + name() + " literal for " + value);
    }
    if (isFloat) {
      float f = (float) value;
      return (f < 0 ? "(" + f + "f)" : f + "f");
    }
    return value < 0 ? "(" + value + ")" : Double.toString(value);
  }

  /**
   * The cast that widens a value of this type to {@code double}: {@code "(double) "} for FLOAT,
   * nothing for DOUBLE, where javac's {@code -Xlint:cast} would flag it as redundant.
   */
  String widen() {
    return isFloat ? "(double) " : "";
  }

  /** Wraps a {@code double}-valued expression so it has this type. */
  String fromDouble(String expression) {
    return isFloat ? "(float) (" + expression + ")" : expression;
  }

  /**
   * tanh of the variable {@code x}. {@code Math.tanh} is a native call on JDK 17, not a JIT
   * intrinsic (21-45 ns against ~10 ns for {@code Math.exp}, measured in bench's TanhTimer), so
   * FLOAT networks use 1 - 2 / (e^{2x} + 1) in double, which is within one float ulp of
   * {@code (float) Math.tanh(x)}; below 2^-12, where that form cancels, tanh(x) rounds to x.
   * DOUBLE networks keep {@code Math.tanh} for its last bits.
   */
  String tanh(String x) {
    return isFloat
        ? "(" + lang("Math") + ".abs(" + x + ") < 0x1p-12f ? " + x + " : (float) (1.0 - 2.0 / (" + lang("Math")
            + ".exp(2.0 * " + x + ") + 1.0)))"
        : lang("Math") + ".tanh(" + x + ")";
  }

  /** Suffix of the Parameter factory: {@code ofFloats} or {@code ofDoubles}. */
  String parameterFactory() {
    return isFloat ? "ofFloats" : "ofDoubles";
  }
}
