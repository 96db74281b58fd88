package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.Serializable;

/**
 * The typed {@code gradients(inputs, targets)} entry point of a generated class, e.g.
 * {@code FooModel::gradients}: forward with noise and backward without an update, returning
 * the mean loss. {@link DataParallelTrainer#of} uses {@code Trainable.gradients}; this is for the
 * classes that are not {@code Trainable<X, Y>} (token inputs, variable lengths).
 */
@FunctionalInterface
public interface GradientFunction<M extends GeneratedModel, X, Y> extends Serializable {
  double gradients(M model, X inputs, Y targets);
}
