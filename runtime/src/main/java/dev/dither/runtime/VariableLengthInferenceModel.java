package dev.dither.runtime;

/**
 * {@link InferenceModel} of a network over variable-length sequences.
 *
 * @param <I> the inputs: {@code float[]}/{@code double[]} values or {@code int[]} token ids
 * @param <X> {@code float[]} or {@code double[]}: the outputs
 */
public interface VariableLengthInferenceModel<I, X> {
  void infer(I inputs, int[] lengths, X outputs);

  /** @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy */
  void probabilities(I inputs, int[] lengths, X outputs);

  /** @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy */
  void classify(I inputs, int[] lengths, int[] classes);
}
