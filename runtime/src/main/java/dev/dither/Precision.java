package dev.dither;

/** Scalar type of the generated code. */
public enum Precision {
  /** {@code float} parameters and arithmetic: the fast choice for training and inference. */
  FLOAT,
  /** {@code double} everywhere: for gradient checks and comparison with float64 references. */
  DOUBLE
}
