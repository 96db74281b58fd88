package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.Serializable;

/**
 * The typed {@code gradients(inputs, targets)} entry point of a generated class, e.g.
 * {@code FooModel::gradients}: forward with noise and backward without an update, returning
 * the mean loss. Generated classes take {@code float[]}/{@code double[]}/{@code int[]} as their
 * precision and loss dictate, which is why it is passed in rather than called on
 * {@link GeneratedModel}.
 */
@FunctionalInterface
public interface GradientFunction<M extends GeneratedModel, X, Y> extends Serializable {
  double gradients(M model, X inputs, Y targets);
}
