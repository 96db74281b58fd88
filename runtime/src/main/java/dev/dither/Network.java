package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a network description. The Dither processor reads the interface's
 * layer methods in declaration order and generates a class named {@code <Interface>Model}
 * (or {@link #name()}) in the same package, with forward, backward and update code
 * specialised to the declared sizes.
 *
 * <pre>{@code
 * @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
 * interface ParityNet {
 *   @Input(16) void bits();
 *   @Dense(32) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void hidden();
 *   @Dense(2) void logits();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Network {
  /** The training objective applied to the last layer's output. */
  Loss loss() default Loss.SOFTMAX_CROSS_ENTROPY;

  /** Scalar type of parameters, buffers and arithmetic in the generated class. */
  Precision precision() default Precision.FLOAT;

  /** Simple name of the generated class; empty means the interface's name plus {@code Model}. */
  String name() default "";
}
