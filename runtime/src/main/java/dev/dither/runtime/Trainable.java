package dev.dither.runtime;

/**
 * The typed entry points of a generated fixed-length network, so that generic code (runners,
 * benchmarks, distributed training) trains and evaluates any model without reflection.
 *
 * @param <X> {@code float[]} or {@code double[]} as the network's precision says: the inputs and
 *     the outputs
 * @param <Y> {@code int[]} labels (softmax cross-entropy) or {@code X} targets (mean squared error)
 */
public interface Trainable<X, Y> extends GeneratedModel {
  /** One training step; see the generated class. Returns the mean loss before the update. */
  double trainStep(X inputs, Y targets);

  /** Forward and backward without update; the gradients are left in {@link #parameters()}. */
  double gradients(X inputs, Y targets);

  /** The mean loss in evaluation mode; changes nothing. */
  double loss(X inputs, Y targets);

  /** Evaluation-mode outputs (the logits of a softmax network). */
  void infer(X inputs, X outputs);

  /**
   * A new evaluation-only view for one serving thread: shares this model's weights, owns its
   * buffers. Generated classes return their nested {@code InferenceView}; the default is for
   * hand-written implementations that cannot serve.
   */
  default InferenceModel<X> inferenceView() {
    throw new UnsupportedOperationException(networkName() + " offers no inference view");
  }
}
