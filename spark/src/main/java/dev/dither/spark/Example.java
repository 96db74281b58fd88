package dev.dither.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training example: its inputs ({@code INPUT_SIZE} values or token ids) and its targets (a
 * one-element {@code int[]} label, or {@code OUTPUT_SIZE} values), as arrays of the generated
 * class's types. Batches are these arrays concatenated in order.
 */
public record Example<X, Y>(X inputs, Y targets) implements Serializable {
  public Example {
    Objects.requireNonNull(inputs, "inputs");
    Objects.requireNonNull(targets, "targets");
    if (!inputs.getClass().isArray() || !targets.getClass().isArray()) {
      throw new IllegalArgumentException("an example holds arrays (float[], double[] or int[]), got "
          + inputs.getClass().getSimpleName() + " and " + targets.getClass().getSimpleName());
    }
  }
}
