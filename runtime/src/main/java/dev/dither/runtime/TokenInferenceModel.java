package dev.dither.runtime;

/** {@link InferenceModel} of a fixed-length network over token ids ({@code @Embedding}). */
public interface TokenInferenceModel<X> {
  void infer(int[] tokens, X outputs);

  /** @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy */
  void probabilities(int[] tokens, X outputs);

  /** @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy */
  void classify(int[] tokens, int[] classes);
}
