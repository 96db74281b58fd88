package dev.dither.runtime;

/**
 * {@link Trainable} for a network over variable-length sequences
 * ({@code @Sequence(variableLength = true)}): every entry point also takes each example's length.
 *
 * @param <I> the inputs: {@code float[]}/{@code double[]} values or {@code int[]} token ids
 * @param <X> {@code float[]} or {@code double[]}: the outputs
 * @param <Y> {@code int[]} labels or {@code X} targets
 */
public interface VariableLengthTrainable<I, X, Y> extends GeneratedModel {
  double trainStep(I inputs, int[] lengths, Y targets);

  double gradients(I inputs, int[] lengths, Y targets);

  double loss(I inputs, int[] lengths, Y targets);

  void infer(I inputs, int[] lengths, X outputs);

  /** See {@link Trainable#inferenceView()}. */
  default VariableLengthInferenceModel<I, X> inferenceView() {
    throw new UnsupportedOperationException(networkName() + " offers no inference view");
  }
}
