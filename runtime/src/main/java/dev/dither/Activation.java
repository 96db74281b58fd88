package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The function applied to a layer's pre-activations, with optional noise. */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Activation {
  Fn value();

  /** Noise for the hard functions; the default adds none. */
  Noise noise() default @Noise;
}
