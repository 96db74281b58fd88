package dev.dither.runtime;

/**
 * {@link Trainable} for a fixed-length network whose input is an {@code @Embedding}: the inputs
 * are token ids, the outputs real values.
 *
 * @param <X> {@code float[]} or {@code double[]}: the outputs
 * @param <Y> {@code int[]} labels or {@code X} targets
 */
public interface TokenTrainable<X, Y> extends GeneratedModel {
  double trainStep(int[] tokens, Y targets);

  double gradients(int[] tokens, Y targets);

  double loss(int[] tokens, Y targets);

  void infer(int[] tokens, X outputs);

  /** See {@link Trainable#inferenceView()}. */
  default TokenInferenceModel<X> inferenceView() {
    throw new UnsupportedOperationException(networkName() + " offers no inference view");
  }
}
