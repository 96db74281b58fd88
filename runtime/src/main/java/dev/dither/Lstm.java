package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A long short-term memory layer with PyTorch's parameter layout and gate order (i, f, g, o;
 * {@code c = f c + i g}, {@code h = o tanh(c)}), so weights trained with {@code nn.LSTM} map one to
 * one: {@code <method>.weight_ih} ({@code [inputs][4 units]}, the transpose of PyTorch's),
 * {@code weight_hh}, {@code bias_ih}, {@code bias_hh}. Noisy sites add {@code p_gates}
 * ({@code [4 units]}) and {@code p_cell}.
 *
 * <p>The layer reads a sequence (the {@link Sequence} input or the previous recurrent layer with
 * {@link SequenceOutput#ALL}) and is trained by backpropagation through time, unrolled over the
 * sequence length known at compile time.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Lstm {
  /** Number of hidden units; must be positive. */
  int value();

  /** The functions of every site; {@link #gates()} overrides single sites. */
  GateFunctions functions() default GateFunctions.SOFT;

  /** The noise of every site when {@link #functions()} is {@link GateFunctions#NOISY}. */
  Noise noise() default @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5);

  /** Per-site overrides. */
  Gate[] gates() default {};

  /** What the layer passes on. */
  SequenceOutput output() default SequenceOutput.LAST;
}
