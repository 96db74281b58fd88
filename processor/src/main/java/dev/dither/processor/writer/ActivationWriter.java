package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.dither.Fn;
import dev.dither.NoiseVariant;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import javax.lang.model.element.Modifier;

/**
 * Emits a layer's activation, forward and backward, with the formula inlined and its constants
 * folded: no call per unit, no branch on the variant inside the loops.
 *
 * <p>The noisy hard functions follow Gulcehre et al. (2016) with the paper's conventions, where
 * the authors' Theano code differs: sgn(0) = 1 in d(x) = -sgn(x) sgn(1 - α); the test-time
 * value of E|ξ| is sqrt(2/π) (the code uses 0.797); NANIL's σ is eq. 9,
 * c (sigmoid(pΔ) - 0.5)², not the code's softplus form; NANIS adds noise where |x| >= x_t
 * (the code uses |x| > 1.001 and has a '+' for '*' bug in its hard-sigmoid variant).
 * Gradients treat the noise sample as a constant; d(x) and the NANIS mask carry no gradient.
 */
final class ActivationWriter {
  /** E|ξ| for ξ ~ N(0, 1): the test-time value of half-normal noise (eq. 13). */
  static final double HALF_NORMAL_MEAN = Math.sqrt(2.0 / Math.PI);

  private final Scalar s;

  ActivationWriter(Scalar scalar) {
    this.s = scalar;
  }

  /** {@code <layer>Activate(batch[, training])}: Out (or Pre, in place) from Pre. */
  MethodSpec forward(DenseLayerModel layer, String origin, boolean perStep) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.activate(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: applies $L$L to $L.\n", origin, a.fn(),
            a.hasNoise() ? " with " + a.variant() + " noise" : "", Names.pre(layer))
        .addParameter(int.class, "batch");
    if (a.hasNoise()) {
      m.addParameter(boolean.class, "training");
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
      m.beginControlFlow("if (training)");
      if (perStep) {
        // One row per time step: the noise of an example is addressed as STEPS × units.
        m.addStatement("noise.fill($L, examplesSeen, batch / STEPS, STEPS * $L, $L)",
            layer.noiseSite(), Names.units(layer), Names.xi(layer));
      } else {
        m.addStatement("noise.fill($L, examplesSeen, batch, $L, $L)",
            layer.noiseSite(), Names.units(layer), Names.xi(layer));
      }
      m.addCode(forwardLoop(Site.of(layer, false), true));
      m.nextControlFlow("else");
      m.addCode(forwardLoop(Site.of(layer, false), false));
      m.endControlFlow();
    } else {
      m.addCode(forwardLoop(Site.of(layer, false), false));
    }
    return m.build();
  }

  /** {@code <layer>ActivateBackward(batch)}: turns Delta from dL/d(out) into dL/dz in place. */
  MethodSpec backward(DenseLayerModel layer, String origin) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.activateBackward(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: multiplies $L by the derivative of $L$L$L.\n", origin, Names.delta(layer),
            a.fn(), a.hasNoise() ? " with " + a.variant() + " noise (sample held constant)" : "",
            a.trainsP() ? " and accumulates " + Names.pGrad(layer) : "")
        .addParameter(int.class, "batch");
    if (a.hasNoise()) {
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
    }
    if (a.trainsP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, Names.pGrad(layer), s.lit(0));
    }
    m.addCode(backwardLoop(Site.of(layer, true)));
    return m.build();
  }

  /**
   * The forward loop over {@code site}: {@code out} from {@code pre} (and {@code xi} when
   * training with noise). The caller fills {@code xi}.
   */
  CodeBlock forwardLoop(Site site, boolean training) {
    return site.activation().hasNoise() ? noisyForward(site, training) : plainForward(site);
  }

  /**
   * The backward loop over {@code site}: {@code delta} from dL/d(out) to dL/d(pre) in place,
   * accumulating p's gradient. The caller zeroes the p gradient.
   */
  CodeBlock backwardLoop(Site site) {
    return site.activation().hasNoise() ? noisyBackward(site) : plainBackward(site);
  }

  // ---- plain functions ----

  private CodeBlock plainForward(Site site) {
    Fn fn = site.activation().fn();
    if (fn == Fn.SOFTMAX) {
      return softmaxForward(site);
    }
    CodeBlock.Builder c = CodeBlock.builder();
    elementLoop(c, site);
    c.addStatement("final $L x = $L[j]", s.name(), site.pre());
    c.addStatement("$L[j] = $L", site.out(), plainValue(site.activation(), "x"));
    endElementLoop(c, site);
    return c.build();
  }

  private String plainValue(ActivationModel a, String x) {
    return switch (a.fn()) {
      case IDENTITY -> x;
      case RELU -> s.lang("Math") + ".max(" + s.lit(0) + ", " + x + ")";
      case SIGMOID -> s.fromDouble("1.0 / (1.0 + " + s.lang("Math") + ".exp(-" + x + "))");
      case TANH -> s.tanh(x);
      case HARD_SIGMOID, HARD_TANH -> hard(a, x);
      case SOFTMAX -> throw new IllegalStateException("softmax is not elementwise");
    };
  }

  private CodeBlock plainBackward(Site site) {
    ActivationModel a = site.activation();
    if (a.fn() == Fn.SOFTMAX) {
      return softmaxBackward(site);
    }
    CodeBlock.Builder c = CodeBlock.builder();
    String d = site.delta();
    elementLoop(c, site);
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
      case HARD_SIGMOID, HARD_TANH -> c.addStatement("$L[j] *= $L", d, hardSlope(a, site.pre() + "[j]"));
      case SOFTMAX -> throw new IllegalStateException();
    }
    endElementLoop(c, site);
    return c.build();
  }

  private CodeBlock softmaxForward(Site site) {
    String units = site.width();
    String z = site.pre();
    String y = site.out();
    return CodeBlock.builder()
        .add("// Shifted by the row maximum so that exp never overflows.\n")
        .beginControlFlow("for (int n = 0; n < $L; n++)", site.rows())
        .add(rowLocals(site))
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
        .beginControlFlow("for (int n = 0; n < $L; n++)", site.rows())
        .add(rowLocals(site))
        .addStatement("double dot = 0")
        .addStatement("for (int k = 0; k < $L; k++) dot += $L$L[k] * $L[k]", units, s.widen(), d, y)
        .addStatement("for (int k = 0; k < $L; k++) $L[k] = $L", units, d, s.fromDouble(y + "[k] * (" + d + "[k] - dot)"))
        .endControlFlow()
        .build();
  }

  // ---- hard functions and their noisy variants ----

  /** h(x): eq. 3 or 4. */
  private String hard(ActivationModel a, String x) {
    return s.lang("Math") + ".max(" + s.lit(a.lower()) + ", " + s.lang("Math") + ".min(" + s.lit(1) + ", " + linear(a, x) + "))";
  }

  /** u(x): the first-order Taylor expansion at 0 (eqs. 1 and 2). */
  private String linear(ActivationModel a, String x) {
    return a.fn() == Fn.HARD_SIGMOID ? s.lit(0.25) + " * " + x + " + " + s.lit(0.5) : x;
  }

  /** h'(x): u'(x) inside [-x_t, x_t], 0 outside (the kinks take the inside value, as torch.clamp does). */
  private String hardSlope(ActivationModel a, String x) {
    return "(" + s.lang("Math") + ".abs(" + x + ") <= " + s.lit(a.threshold()) + " ? " + s.lit(a.slope()) + " : " + s.lit(0) + ")";
  }

  private CodeBlock noisyForward(Site site, boolean training) {
    ActivationModel a = site.activation();
    CodeBlock.Builder c = CodeBlock.builder();
    String z = site.pre();
    String y = site.out();
    if (!training && !outputNoise(a)) {
      c.add("// Test time: the input noise is replaced by its expectation, 0.\n");
      elementLoop(c, site);
      c.addStatement("$L[j] = $L", y, hard(a, z + "[j]"));
      endElementLoop(c, site);
      return c.build();
    }
    if (!training && a.variant() == NoiseVariant.NAN) {
      c.add("// Test time (eq. 13): E[ξ] = 0 leaves αh(x) + (1 - α)u(x).\n");
      elementLoop(c, site);
      c.addStatement("final $L x = $L[j]", s.name(), z);
      c.addStatement("$L[j] = $L", y, mix(a, hard(a, "x"), linear(a, "x")));
      endElementLoop(c, site);
      return c.build();
    }
    switch (a.variant()) {
      case NANI -> {
        c.add("// Eq. 14 with fixed σ = level: h(x + σξ).\n");
        elementLoop(c, site);
        c.addStatement("$L[j] = $L", y, hard(a, "(" + z + "[j] + " + site.level() + " * " + site.xiAt() + ")"));
        endElementLoop(c, site);
      }
      case NANIS -> {
        c.add("// Eq. 15: noise only where the unit saturates, |x| >= $L.\n", a.threshold());
        elementLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L v = " + s.lang("Math") + ".abs(x) >= $L ? x + $L * $L : x", s.name(), s.lit(a.threshold()), site.level(), site.xiAt());
        c.addStatement("$L[j] = $L", y, hard(a, "v"));
        endElementLoop(c, site);
      }
      case NANIL -> {
        c.add("// Eq. 14 with the learned σ of eq. 9: h(x + σ(x)ξ), σ = c (sigmoid(pΔ) - 1/2)².\n");
        unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        saturationGap(c, a);
        c.addStatement("$L v = x", s.name());
        c.beginControlFlow("if (gap != $L)", s.lit(0));
        sigmoidOfGap(c, site);
        c.addStatement("v += $L * e * e * $L", site.level(), site.xiAt());
        c.endControlFlow();
        c.addStatement("$L[j] = $L", y, hard(a, "v"));
        c.endControlFlow().endControlFlow();
      }
      case NAN, NAH -> {
        if (training) {
          c.add("// Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = $L; σ = 0 where Δ = 0.\n",
              a.variant() == NoiseVariant.NAH ? "|ξ| (Algorithm 1)" : "ξ");
        } else {
          c.add("// Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).\n");
        }
        unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        saturationGap(c, a);
        c.addStatement("$L value = $L", s.name(), mix(a, "h", "u"));
        c.beginControlFlow("if (gap != $L)", s.lit(0));
        sigmoidOfGap(c, site);
        c.addStatement("value += $L * $L * e * e * $L", direction(a), site.level(), epsilon(site, training));
        c.endControlFlow();
        c.addStatement("$L[j] = value", y);
        c.endControlFlow().endControlFlow();
      }
      case NONE -> throw new IllegalStateException();
    }
    return c.build();
  }

  private CodeBlock noisyBackward(Site site) {
    ActivationModel a = site.activation();
    CodeBlock.Builder c = CodeBlock.builder();
    String z = site.pre();
    String d = site.delta();
    switch (a.variant()) {
      case NANI -> {
        elementLoop(c, site);
        c.addStatement("$L[j] *= $L", d, hardSlope(a, "(" + z + "[j] + " + site.level() + " * " + site.xiAt() + ")"));
        endElementLoop(c, site);
      }
      case NANIS -> {
        elementLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L v = " + s.lang("Math") + ".abs(x) >= $L ? x + $L * $L : x", s.name(), s.lit(a.threshold()), site.level(), site.xiAt());
        c.addStatement("$L[j] *= $L", d, hardSlope(a, "v"));
        endElementLoop(c, site);
      }
      case NANIL -> {
        c.add("// d/dx h(x + σξ) = h'(x + σξ)(1 + ξ dσ/dx); d/dp = h'(x + σξ) ξ dσ/dp.\n");
        unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L g = $L[j]", s.name(), d);
        saturationGap(c, a);
        c.beginControlFlow("if (gap == $L)", s.lit(0));
        c.addStatement("$L[j] = g * $L", d, hardSlope(a, "x"));
        c.nextControlFlow("else");
        sigmoidOfGap(c, site);
        c.addStatement("final $L noiseSample = $L", s.name(), site.xiAt());
        c.addStatement("final $L slope = $L", s.name(), hardSlope(a, "(x + " + site.level() + " * e * e * noiseSample)"));
        c.addStatement("final $L dSigma = $L * $L * e * sig * ($L - sig)", s.name(), s.lit(2), site.level(), s.lit(1));
        c.addStatement("$L[j] = g * slope * ($L + noiseSample * dSigma * $L * $L)", d, s.lit(1),
            site.pAt(), s.lit(-a.slope()));
        if (a.trainsP()) {
          c.addStatement("$L += g * slope * noiseSample * dSigma * gap", site.pGradAt());
        }
        c.endControlFlow();
        c.endControlFlow().endControlFlow();
      }
      case NAN, NAH -> {
        c.add("// dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.\n");
        unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L g = $L[j]", s.name(), d);
        saturationGap(c, a);
        c.beginControlFlow("if (gap == $L)", s.lit(0));
        if (a.slope() == 1) {
          c.addStatement("$L[j] = g", d);
        } else {
          c.addStatement("$L[j] = g * $L", d, s.lit(a.slope()));
        }
        c.nextControlFlow("else");
        sigmoidOfGap(c, site);
        c.addStatement("final $L common = $L * $L * $L * $L * e * sig * ($L - sig)", s.name(),
            direction(a), epsilon(site, true), s.lit(2), site.level(), s.lit(1));
        c.addStatement("$L[j] = g * ($L + common * $L * $L)", d, s.lit((1 - a.alpha()) * a.slope()),
            site.pAt(), s.lit(-a.slope()));
        if (a.trainsP()) {
          c.addStatement("$L += g * common * gap", site.pGradAt());
        }
        c.endControlFlow();
        c.endControlFlow().endControlFlow();
      }
      case NONE -> throw new IllegalStateException();
    }
    return c.build();
  }

  private static boolean outputNoise(ActivationModel a) {
    return a.variant() == NoiseVariant.NAN || a.variant() == NoiseVariant.NAH;
  }

  /** Declares h, u and gap = Δ = h(x) - u(x) (eq. 8), which is 0 exactly in the linear regime. */
  private void saturationGap(CodeBlock.Builder c, ActivationModel a) {
    c.addStatement("final $L h = $L", s.name(), hard(a, "x"));
    c.addStatement("final $L u = $L", s.name(), linear(a, "x"));
    c.addStatement("final $L gap = h - u", s.name());
  }

  /** Declares sig = sigmoid(pΔ) and e = sig - 1/2, so that σ = c e² (eq. 9). */
  private void sigmoidOfGap(CodeBlock.Builder c, Site site) {
    c.addStatement("final $L sig = $L", s.name(), s.fromDouble("1.0 / (1.0 + " + s.lang("Math") + ".exp(-(" + site.pAt() + " * gap)))"));
    c.addStatement("final $L e = sig - $L", s.name(), s.lit(0.5));
  }

  /** αh + (1 - α)u with α folded; plain h when α = 1. */
  private String mix(ActivationModel a, String h, String u) {
    if (a.alpha() == 1.0) {
      return h;
    }
    String linearPart = u.contains(" ") ? "(" + u + ")" : u;
    return s.lit(a.alpha()) + " * " + h + " + " + s.lit(1 - a.alpha()) + " * " + linearPart;
  }

  /**
   * d(x) = -sgn(x) sgn(1 - α) with sgn(0) = 1 (the paper's convention; numpy's sign(0) = 0
   * would switch the noise off at α = 1).
   */
  private String direction(ActivationModel a) {
    double sgnOneMinusAlpha = 1 - a.alpha() >= 0 ? 1 : -1;
    double positive = -sgnOneMinusAlpha;
    return "(x >= " + s.lit(0) + " ? " + s.lit(positive) + " : " + s.lit(-positive) + ")";
  }

  private String epsilon(Site site, boolean training) {
    boolean halfNormal = site.activation().variant() == NoiseVariant.NAH;
    if (!training) {
      return s.lit(halfNormal ? HALF_NORMAL_MEAN : 0);
    }
    return halfNormal ? s.lang("Math") + ".abs(" + site.xiAt() + ")" : site.xiAt();
  }

  private CodeBlock rowLocals(Site site) {
    CodeBlock.Builder c = CodeBlock.builder();
    for (String[] local : site.rowLocals()) {
      c.addStatement("final $T $L = $L[n]", s.array(), local[0], local[1]);
    }
    return c.build();
  }

  /** Opens a loop declaring {@code j}: flat over a contiguous site, per row over a slice. */
  private void elementLoop(CodeBlock.Builder c, Site site) {
    if (site.contiguous()) {
      c.beginControlFlow("for (int j = 0, end = $L * $L; j < end; j++)", site.rows(), site.width());
    } else {
      unitLoop(c, site);
    }
  }

  private void endElementLoop(CodeBlock.Builder c, Site site) {
    c.endControlFlow();
    if (!site.contiguous()) {
      c.endControlFlow();
    }
  }

  /**
   * Two loops because p is per unit. Over rows: {@code j} is the column and the unit. Over a
   * slice: {@code k} is the unit and {@code j} the element.
   */
  private void unitLoop(CodeBlock.Builder c, Site site) {
    c.beginControlFlow("for (int n = 0; n < $L; n++)", site.rows());
    if (!site.rowLocals().isEmpty()) {
      for (String[] local : site.rowLocals()) {
        c.addStatement("final $T $L = $L[n]", s.array(), local[0], local[1]);
      }
      c.beginControlFlow("for (int j = 0; j < $L; j++)", site.width());
      return;
    }
    if (site.offset().equals("0")) {
      c.addStatement("final int base = n * $L", site.stride());
    } else {
      c.addStatement("final int base = n * $L + $L", site.stride(), site.offset());
    }
    c.beginControlFlow("for (int k = 0; k < $L; k++)", site.width());
    c.addStatement("final int j = base + k");
  }
}
