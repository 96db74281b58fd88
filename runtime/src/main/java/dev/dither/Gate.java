package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Overrides the function of one site of a recurrent cell. A sigmoid site takes
 * {@link Fn#SIGMOID} or {@link Fn#HARD_SIGMOID}, a tanh site {@link Fn#TANH} or
 * {@link Fn#HARD_TANH}; noise only on the hard ones.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Gate {
  GateName value();

  Fn fn();

  Noise noise() default @Noise;
}
