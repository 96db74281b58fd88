package dev.dither.processor.model;

import dev.dither.Fn;
import dev.dither.NoiseVariant;

/**
 * An activation with its noise. For the hard functions, {@code threshold} is |x_t| and
 * {@code slope} is u'(x): hard-sigmoid saturates at |x| >= 2 with u(x) = 0.25x + 0.5, hard-tanh
 * at |x| >= 1 with u(x) = x (Gulcehre et al. 2016, sec. 2).
 */
public record ActivationModel(Fn fn, NoiseVariant variant, double alpha, double c, boolean learnP) {

  public static final ActivationModel IDENTITY =
      new ActivationModel(Fn.IDENTITY, NoiseVariant.NONE, 1.0, 0.0, false);

  public boolean hasNoise() {
    return variant != NoiseVariant.NONE;
  }

  /** Whether the variant has the per-unit parameter p of eq. 9. */
  public boolean hasP() {
    return variant == NoiseVariant.NAN || variant == NoiseVariant.NAH || variant == NoiseVariant.NANIL;
  }

  /** Whether p is a trained parameter. */
  public boolean trainsP() {
    return hasP() && learnP;
  }

  public boolean isHard() {
    return fn == Fn.HARD_SIGMOID || fn == Fn.HARD_TANH;
  }

  public double threshold() {
    return fn == Fn.HARD_SIGMOID ? 2.0 : 1.0;
  }

  public double slope() {
    return fn == Fn.HARD_SIGMOID ? 0.25 : 1.0;
  }

  public double offset() {
    return fn == Fn.HARD_SIGMOID ? 0.5 : 0.0;
  }

  public double lower() {
    return fn == Fn.HARD_SIGMOID ? 0.0 : -1.0;
  }
}
