package dev.dither;

/**
 * Activation functions. The hard functions follow Gulcehre et al. (2016), eqs. 3 and 4:
 * hard-sigmoid is {@code clip(0.25 x + 0.5, 0, 1)} (slope 0.25, the first-order Taylor
 * expansion of the sigmoid; not Keras' 0.2 nor PyTorch's 1/6) and hard-tanh is
 * {@code clip(x, -1, 1)}. Only the two hard functions saturate hard and accept {@link Noise}.
 */
public enum Fn {
  IDENTITY,
  RELU,
  SIGMOID,
  TANH,
  /** {@code clip(0.25 x + 0.5, 0, 1)}; saturates for |x| >= 2. */
  HARD_SIGMOID,
  /** {@code clip(x, -1, 1)}; saturates for |x| >= 1. */
  HARD_TANH,
  /** Only on the last layer. With {@link Loss#SOFTMAX_CROSS_ENTROPY} it is fused into the loss. */
  SOFTMAX
}
