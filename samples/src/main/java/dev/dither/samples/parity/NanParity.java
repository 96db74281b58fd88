package dev.dither.samples.parity;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/** {@link SaturatedParity} with eq. 12's normal noise (NAN) on every hidden layer. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface NanParity {
  @Input(Parity.BITS) void bits();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void first();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void second();

  @Dense(value = 64, init = Init.GLOROT_UNIFORM, biasShift = 4)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void third();

  @Dense(2) void logits();
}
