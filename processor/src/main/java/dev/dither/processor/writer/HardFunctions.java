package dev.dither.processor.writer;

import dev.dither.Fn;
import dev.dither.processor.model.ActivationModel;

/** The hard functions of Gulcehre et al. (2016) as Java expressions: h(x), u(x) and h'(x). */
final class HardFunctions {
  private final Scalar s;

  HardFunctions(Scalar scalar) {
    this.s = scalar;
  }

  /** h(x): eq. 3 or 4. */
  String value(ActivationModel a, String x) {
    return s.lang("Math") + ".max(" + s.lit(a.lower()) + ", " + s.lang("Math") + ".min(" + s.lit(1) + ", " + linear(a, x) + "))";
  }

  /** u(x): the first-order Taylor expansion at 0 (eqs. 1 and 2). */
  String linear(ActivationModel a, String x) {
    return a.fn() == Fn.HARD_SIGMOID ? s.lit(0.25) + " * " + x + " + " + s.lit(0.5) : x;
  }

  /** h'(x): u'(x) inside [-x_t, x_t], 0 outside (the kinks take the inside value, as torch.clamp does). */
  String slope(ActivationModel a, String x) {
    return "(" + s.lang("Math") + ".abs(" + x + ") <= " + s.lit(a.threshold()) + " ? " + s.lit(a.slope()) + " : " + s.lit(0) + ")";
  }
}
