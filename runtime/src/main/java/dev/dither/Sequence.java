package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the network's input a sequence of {@link #value()} steps, laid out example-major
 * ({@code [batch][steps][features]}, PyTorch's {@code batch_first}). The time loop of every
 * recurrent layer is specialised to this length. With {@link #variableLength()} the training
 * and inference entry points take each example's length, at most {@code value()}; steps past it
 * are masked.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Sequence {
  /** Number of steps (the maximum when {@link #variableLength()}); must be positive. */
  int value();

  /** Whether examples may be shorter than {@link #value()}. */
  boolean variableLength() default false;
}
