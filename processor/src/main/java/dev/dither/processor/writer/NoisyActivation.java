package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import dev.dither.NoiseVariant;
import dev.dither.processor.model.ActivationModel;

/**
 * The noisy variants of the hard functions, forward and backward.
 *
 * <p>They follow Gulcehre et al. (2016) with the paper's conventions, where the authors' Theano
 * code differs: sgn(0) = 1 in d(x) = -sgn(x) sgn(1 - α); the test-time value of E|ξ| is
 * sqrt(2/π) (the code uses 0.797); NANIL's σ is eq. 9, c (sigmoid(pΔ) - 0.5)², not the code's
 * softplus form; NANIS adds noise where |x| >= x_t (the code uses |x| > 1.001 and has a '+' for
 * '*' bug in its hard-sigmoid variant). Gradients treat the noise sample as a constant; d(x) and
 * the NANIS mask carry no gradient.
 */
final class NoisyActivation {
  /** E|ξ| for ξ ~ N(0, 1): the test-time value of half-normal noise (eq. 13). */
  static final double HALF_NORMAL_MEAN = Math.sqrt(2.0 / Math.PI);

  private final Scalar s;
  private final HardFunctions hard;
  private final ActivationLoops loops;

  NoisyActivation(Scalar scalar, HardFunctions hard, ActivationLoops loops) {
    this.s = scalar;
    this.hard = hard;
    this.loops = loops;
  }

  CodeBlock forward(Site site, boolean training) {
    ActivationModel a = site.activation();
    CodeBlock.Builder c = CodeBlock.builder();
    String z = site.pre();
    String y = site.out();
    if (!training && !outputNoise(a)) {
      c.add("// Test time: the input noise is replaced by its expectation, 0.\n");
      loops.elementLoop(c, site);
      c.addStatement("$L[j] = $L", y, hard.value(a, z + "[j]"));
      loops.endElementLoop(c, site);
      return c.build();
    }
    if (!training && a.variant() == NoiseVariant.NAN) {
      c.add("// Test time (eq. 13): E[ξ] = 0 leaves αh(x) + (1 - α)u(x).\n");
      loops.elementLoop(c, site);
      c.addStatement("final $L x = $L[j]", s.name(), z);
      c.addStatement("$L[j] = $L", y, mix(a, hard.value(a, "x"), hard.linear(a, "x")));
      loops.endElementLoop(c, site);
      return c.build();
    }
    switch (a.variant()) {
      case NANI -> {
        c.add("// Eq. 14 with fixed σ = level: h(x + σξ).\n");
        loops.elementLoop(c, site);
        c.addStatement("$L[j] = $L", y, hard.value(a, "(" + z + "[j] + " + site.level() + " * " + site.xiAt() + ")"));
        loops.endElementLoop(c, site);
      }
      case NANIS -> {
        c.add("// Eq. 15: noise only where the unit saturates, |x| >= $L.\n", a.threshold());
        loops.elementLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L v = " + s.lang("Math") + ".abs(x) >= $L ? x + $L * $L : x", s.name(), s.lit(a.threshold()), site.level(), site.xiAt());
        c.addStatement("$L[j] = $L", y, hard.value(a, "v"));
        loops.endElementLoop(c, site);
      }
      case NANIL -> {
        c.add("// Eq. 14 with the learned σ of eq. 9: h(x + σ(x)ξ), σ = c (sigmoid(pΔ) - 1/2)².\n");
        loops.unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        saturationGap(c, a);
        c.addStatement("$L v = x", s.name());
        c.beginControlFlow("if (gap != $L)", s.lit(0));
        sigmoidOfGap(c, site);
        c.addStatement("v += $L * e * e * $L", site.level(), site.xiAt());
        c.endControlFlow();
        c.addStatement("$L[j] = $L", y, hard.value(a, "v"));
        c.endControlFlow().endControlFlow();
      }
      case NAN, NAH -> {
        if (training) {
          c.add("// Eq. 12: αh(x) + (1 - α)u(x) + d(x)σ(x)ε, ε = $L; σ = 0 where Δ = 0.\n",
              a.variant() == NoiseVariant.NAH ? "|ξ| (Algorithm 1)" : "ξ");
        } else {
          c.add("// Test time (eq. 13): ε replaced by E|ξ| = sqrt(2/π).\n");
        }
        loops.unitLoop(c, site);
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

  CodeBlock backward(Site site) {
    ActivationModel a = site.activation();
    CodeBlock.Builder c = CodeBlock.builder();
    String z = site.pre();
    String d = site.delta();
    switch (a.variant()) {
      case NANI -> {
        loops.elementLoop(c, site);
        c.addStatement("$L[j] *= $L", d, hard.slope(a, "(" + z + "[j] + " + site.level() + " * " + site.xiAt() + ")"));
        loops.endElementLoop(c, site);
      }
      case NANIS -> {
        loops.elementLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L v = " + s.lang("Math") + ".abs(x) >= $L ? x + $L * $L : x", s.name(), s.lit(a.threshold()), site.level(), site.xiAt());
        c.addStatement("$L[j] *= $L", d, hard.slope(a, "v"));
        loops.endElementLoop(c, site);
      }
      case NANIL -> {
        c.add("// d/dx h(x + σξ) = h'(x + σξ)(1 + ξ dσ/dx); d/dp = h'(x + σξ) ξ dσ/dp.\n");
        loops.unitLoop(c, site);
        c.addStatement("final $L x = $L[j]", s.name(), z);
        c.addStatement("final $L g = $L[j]", s.name(), d);
        saturationGap(c, a);
        c.beginControlFlow("if (gap == $L)", s.lit(0));
        c.addStatement("$L[j] = g * $L", d, hard.slope(a, "x"));
        c.nextControlFlow("else");
        sigmoidOfGap(c, site);
        c.addStatement("final $L noiseSample = $L", s.name(), site.xiAt());
        c.addStatement("final $L slope = $L", s.name(), hard.slope(a, "(x + " + site.level() + " * e * e * noiseSample)"));
        c.addStatement("final $L dSigma = $L * $L * e * sig * ($L - sig)", s.name(), s.lit(2), site.level(), s.lit(1));
        c.addStatement("$L[j] = g * slope * ($L + noiseSample * dSigma * $L * $L)", d, s.lit(1),
            site.pAt(), s.lit(-a.slope()));
        if (a.trainsP()) {
          c.addStatement(site.pGradUpdate("g * slope * noiseSample * dSigma * gap"));
        }
        c.endControlFlow();
        c.endControlFlow().endControlFlow();
      }
      case NAN, NAH -> {
        c.add("// dφ/dx = αh' + (1 - α)u' + d ε dσ/dx; dφ/dp = d ε dσ/dp; dΔ/dx = -u' where saturated.\n");
        loops.unitLoop(c, site);
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
          c.addStatement(site.pGradUpdate("g * common * gap"));
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
    c.addStatement("final $L h = $L", s.name(), hard.value(a, "x"));
    c.addStatement("final $L u = $L", s.name(), hard.linear(a, "x"));
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
}
