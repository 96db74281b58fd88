package dev.dither.samples.parity;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** {@link SaturatedParity} with PyTorch's default initialisation: the control run. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface HealthyParity {
  @Input(Parity.BITS) void bits();

  @Dense(64)
  @Activation(Fn.HARD_TANH)
  void first();

  @Dense(64)
  @Activation(Fn.HARD_TANH)
  void second();

  @Dense(64)
  @Activation(Fn.HARD_TANH)
  void third();

  @Dense(2) void logits();
}
