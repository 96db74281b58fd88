package dev.dither;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A token input: each position holds an id in {@code [0, vocabulary)} that selects a trained
 * row of {@code <method>.weight} ({@code [vocabulary][dimension]}, PyTorch's
 * {@code nn.Embedding} layout). Declared instead of {@link Input}, usually with {@link Sequence}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Embedding {
  /** Number of distinct tokens; must be positive. */
  int vocabulary();

  /** Width of each token's vector; must be positive. */
  int dimension();
}
