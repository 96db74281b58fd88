package dev.dither.runtime;

/** What a training step does when the loss of its mini-batch is NaN or infinite. */
public enum NonFiniteLossPolicy {
  /** Throw {@link NonFiniteLossException}; parameters and optimizer state are untouched. */
  THROW,
  /**
   * Return the non-finite loss without updating anything but the example counter (so the next
   * step draws fresh noise). Parameters, optimizer state and the annealing step are untouched.
   */
  SKIP
}
