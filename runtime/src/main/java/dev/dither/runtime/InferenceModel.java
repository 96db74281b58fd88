package dev.dither.runtime;

/**
 * Evaluation-mode entry points of a generated fixed-length network, as offered by its
 * {@code inferenceView()}: a view shares the model's trained weights read-only and owns only its
 * activation buffers, so one view per thread serves the same weights from several threads.
 *
 * @param <X> {@code float[]} or {@code double[]}, as the network's precision says
 */
public interface InferenceModel<X> {
  /** OUTPUT_SIZE outputs per example (the logits of a softmax network). */
  void infer(X inputs, X outputs);

  /**
   * Class probabilities per example (the softmax of the logits).
   *
   * @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy
   */
  void probabilities(X inputs, X outputs);

  /**
   * The most likely class of each example (of each step, for per-step outputs).
   *
   * @throws UnsupportedOperationException if the network is not trained with softmax cross-entropy
   */
  void classify(X inputs, int[] classes);
}
