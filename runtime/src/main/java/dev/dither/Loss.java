package dev.dither;

/** Training objectives. Both reduce by the mean over the mini-batch, as PyTorch's defaults do. */
public enum Loss {
  /**
   * Softmax followed by the negative log-likelihood of an integer class label, computed with the
   * log-sum-exp shift so that logits of any magnitude are safe. The output layer gives logits
   * (no activation) or declares {@link Fn#SOFTMAX}, which is then fused into the loss.
   */
  SOFTMAX_CROSS_ENTROPY,
  /** Mean over batch and outputs of the squared difference to a real-valued target. */
  MEAN_SQUARED_ERROR
}
