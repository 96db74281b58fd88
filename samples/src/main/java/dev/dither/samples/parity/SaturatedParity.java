package dev.dither.samples.parity;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/**
 * A deep hard-tanh MLP for parity whose hidden units all start in saturation: a bias shift of 4
 * over small Glorot weights puts every pre-activation beyond x = 1, where hard-tanh passes no
 * gradient. {@link NoisyParity} is the same network with NAH noise (the reference code's
 * α = 1.15, c = 0.5, learned p).
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface SaturatedParity {
  @Input(Parity.BITS) void bits();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(Fn.HARD_TANH)
  void first();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(Fn.HARD_TANH)
  void second();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(Fn.HARD_TANH)
  void third();

  @Dense(2) void logits();
}
