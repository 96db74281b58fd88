package dev.dither;

/** The functions of a recurrent cell's gates, all at once; {@link Gate} overrides one site. */
public enum GateFunctions {
  /** PyTorch's cells: sigmoid gates, tanh candidate (and tanh of the LSTM cell). */
  SOFT,
  /** Hard-sigmoid (slope 0.25) for the sigmoids, hard-tanh for the tanhs. */
  HARD,
  /**
   * The hard functions with the cell's {@code noise} on every site: "all sigmoid and tanh
   * replaced by their noisy counterparts", as in the paper's recurrent experiments.
   */
  NOISY
}
