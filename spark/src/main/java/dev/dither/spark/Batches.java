package dev.dither.spark;

import java.lang.reflect.Array;
import java.util.List;

/** Concatenates the arrays of consecutive examples into the batch arrays a generated class takes. */
final class Batches {
  private Batches() {}

  /** The inputs of {@code examples[from, to)}, example-major. */
  static <X, Y> X inputs(List<Example<X, Y>> examples, int from, int to) {
    return concat(examples, from, to, true);
  }

  /** The targets of {@code examples[from, to)}, example-major. */
  static <X, Y> Y targets(List<Example<X, Y>> examples, int from, int to) {
    return concat(examples, from, to, false);
  }

  @SuppressWarnings("unchecked")
  private static <T> T concat(List<? extends Example<?, ?>> examples, int from, int to, boolean inputs) {
    Object first = part(examples.get(from), inputs);
    int width = Array.getLength(first);
    Object batch = Array.newInstance(first.getClass().getComponentType(), (to - from) * width);
    for (int i = from; i < to; i++) {
      Object part = part(examples.get(i), inputs);
      if (part.getClass() != first.getClass() || Array.getLength(part) != width) {
        throw new IllegalArgumentException("example " + i + " has " + (inputs ? "inputs" : "targets") + " of "
            + part.getClass().getSimpleName() + " length " + Array.getLength(part) + ", but example " + from + " has "
            + first.getClass().getSimpleName() + " length " + width);
      }
      System.arraycopy(part, 0, batch, (i - from) * width, width);
    }
    return (T) batch;
  }

  private static Object part(Example<?, ?> example, boolean inputs) {
    return inputs ? example.inputs() : example.targets();
  }
}
