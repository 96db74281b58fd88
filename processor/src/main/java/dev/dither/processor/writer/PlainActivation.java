package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import dev.dither.Fn;
import dev.dither.processor.model.ActivationModel;

/** The activations without noise, forward and backward, softmax included. */
final class PlainActivation {
  private final Scalar s;
  private final HardFunctions hard;
  private final ActivationLoops loops;

  PlainActivation(Scalar scalar, HardFunctions hard, ActivationLoops loops) {
    this.s = scalar;
    this.hard = hard;
    this.loops = loops;
  }

  CodeBlock forward(Site site) {
    Fn fn = site.activation().fn();
    if (fn == Fn.SOFTMAX) {
      return softmaxForward(site);
    }
    CodeBlock.Builder c = CodeBlock.builder();
    loops.elementLoop(c, site);
    c.addStatement("final $L x = $L[j]", s.name(), site.pre());
    c.addStatement("$L[j] = $L", site.out(), plainValue(site.activation(), "x"));
    loops.endElementLoop(c, site);
    return c.build();
  }

  private String plainValue(ActivationModel a, String x) {
    return switch (a.fn()) {
      case IDENTITY -> x;
      case RELU -> s.lang("Math") + ".max(" + s.lit(0) + ", " + x + ")";
      case SIGMOID -> s.fromDouble("1.0 / (1.0 + " + s.lang("Math") + ".exp(-" + x + "))");
      case TANH -> s.tanh(x);
      case HARD_SIGMOID, HARD_TANH -> hard.value(a, x);
      case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
    };
  }

  CodeBlock backward(Site site) {
    ActivationModel a = site.activation();
    if (a.fn() == Fn.SOFTMAX) {
      return softmaxBackward(site);
    }
    CodeBlock.Builder c = CodeBlock.builder();
    String d = site.delta();
    loops.elementLoop(c, site);
    switch (a.fn()) {
      case IDENTITY -> { }
      case RELU -> c.addStatement("$L[j] = $L[j] > $L ? $L[j] : $L", d, site.pre(), s.lit(0), d, s.lit(0));
      case SIGMOID -> {
        c.addStatement("final $L y = $L[j]", s.name(), site.out());
        c.addStatement("$L[j] *= y * ($L - y)", d, s.lit(1));
      }
      case TANH -> {
        c.addStatement("final $L y = $L[j]", s.name(), site.out());
        c.addStatement("$L[j] *= $L - y * y", d, s.lit(1));
      }
      case HARD_SIGMOID, HARD_TANH -> c.addStatement("$L[j] *= $L", d, hard.slope(a, site.pre() + "[j]"));
      case SOFTMAX -> throw new IllegalStateException();
    }
    loops.endElementLoop(c, site);
    return c.build();
  }

  private CodeBlock softmaxForward(Site site) {
    String units = site.width();
    String z = site.pre();
    String y = site.out();
    return CodeBlock.builder()
        .add("// Shifted by the row maximum so that exp never overflows.\n")
        .beginControlFlow("for (int n = $L; n < $L; n++)", site.firstRow(), site.rows())
        .add(loops.rowLocals(site))
        .addStatement("$L max = $L[0]", s.name(), z)
        .addStatement("for (int k = 1; k < $L; k++) max = " + s.lang("Math") + ".max(max, $L[k])", units, z)
        .addStatement("double sum = 0")
        .beginControlFlow("for (int k = 0; k < $L; k++)", units)
        .addStatement("final double e = " + s.lang("Math") + ".exp($L[k] - max)", z)
        .addStatement("$L[k] = $L", y, s.fromDouble("e"))
        .addStatement("sum += e")
        .endControlFlow()
        .addStatement("final double inverse = 1.0 / sum")
        .addStatement("for (int k = 0; k < $L; k++) $L[k] = $L", units, y, s.fromDouble(y + "[k] * inverse"))
        .endControlFlow()
        .build();
  }

  private CodeBlock softmaxBackward(Site site) {
    String units = site.width();
    String y = site.out();
    String d = site.delta();
    return CodeBlock.builder()
        .add("// dz_k = y_k (g_k - sum_i g_i y_i): the softmax Jacobian applied to the row.\n")
        .beginControlFlow("for (int n = $L; n < $L; n++)", site.firstRow(), site.rows())
        .add(loops.rowLocals(site))
        .addStatement("double dot = 0")
        .addStatement("for (int k = 0; k < $L; k++) dot += $L$L[k] * $L[k]", units, s.widen(), d, y)
        .addStatement("for (int k = 0; k < $L; k++) $L[k] = $L", units, d, s.fromDouble(y + "[k] * (" + d + "[k] - dot)"))
        .endControlFlow()
        .build();
  }
}
