package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A fully connected layer {@code z = W x + b}. Its parameters are exposed as
 * {@code <method>.weight}, stored input-major ({@code [inputs][units]}, the transpose of
 * PyTorch's {@code nn.Linear.weight}, so that the forward pass and the weight gradient run over
 * contiguous memory; {@code Parameter.copyFromTorchLayout} converts), and {@code <method>.bias}.
 * Without {@link Activation} the layer is linear.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Dense {
  /** Number of output units; must be positive. */
  int value();

  /** How the weights are drawn at construction. */
  Init init() default Init.PYTORCH_DEFAULT;

  /** Gain for {@link Init#GLOROT_UNIFORM} and {@link Init#ORTHOGONAL}; must be positive. */
  double gain() default 1.0;

  /**
   * Constant added to every bias after initialisation. A large value puts the units into
   * saturation from the start, which is how the paper's continuation claims are tested.
   */
  double biasShift() default 0.0;
}
