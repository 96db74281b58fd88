package dev.dither;

/** Weight initialisers. Biases always follow PyTorch's {@code nn.Linear}: U(-1/sqrt(in), 1/sqrt(in)). */
public enum Init {
  /** PyTorch's {@code nn.Linear} default: kaiming_uniform(a = sqrt 5), i.e. U(-1/sqrt(in), 1/sqrt(in)). */
  PYTORCH_DEFAULT,
  /** Glorot (Xavier) uniform: U(-b, b) with b = gain * sqrt(6 / (in + out)). */
  GLOROT_UNIFORM,
  /** A (semi-)orthogonal matrix scaled by gain, as PyTorch's {@code nn.init.orthogonal_}. */
  ORTHOGONAL
}
