package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Noise injected into a hard-saturating activation (see {@link NoiseVariant}). The level
 * {@code c} is the starting value; at run time the generated class lets each layer's level
 * follow an {@code AnnealingSchedule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Noise {
  NoiseVariant variant() default NoiseVariant.NONE;

  /** Mixing weight of eq. 12 between the hard function and its linearisation (NAN, NAH). */
  double alpha() default 1.0;

  /** Noise scale: c of eq. 9 (NAN, NAH, NANIL) or the fixed σ (NANI, NANIS). Must be >= 0. */
  double c() default 0.5;

  /**
   * Whether the per-unit parameter p of eq. 9 is trained. It is initialised U[-1, 1] as in
   * the paper either way; a frozen p keeps that draw.
   */
  boolean learnP() default true;
}
