package dev.dither.samples.fashion;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/** The protocol MLP with noisy hard-tanh units, eq. 12's normal noise (NAN), α 1.15, c 0.5. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface FashionNan {
  @Input(FashionMnist.PIXELS) void pixels();

  @Dense(256) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5)) void hidden1();

  @Dense(128) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5)) void hidden2();

  @Dense(FashionMnistData.CLASSES) void logits();
}
