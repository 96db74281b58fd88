package dev.dither.spark;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/** A dense network with two kinds of noise, for data-parallel equivalence. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
interface NoisyDense {
  @Input(6) void features();

  @Dense(8) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void hidden();

  @Dense(5) @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 1))
  void gate();

  @Dense(3) void logits();
}
