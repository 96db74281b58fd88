package dev.dither.bench;

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

/**
 * {@link HardTanhMlp} with NAH noise (half-normal, Algorithm 1 of Gulcehre et al. 2016) on both
 * hidden layers: alpha 1.15, c 0.5, a learned p per unit. Dither generates {@code NahMlpModel}.
 * Initialised as {@link HardTanhMlp}, for the reason given there.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface NahMlp {
  @Input(784) void pixels();

  @Dense(value = 256, init = Init.GLOROT_UNIFORM, gain = 3.0)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void hidden1();

  @Dense(value = 256, init = Init.GLOROT_UNIFORM, gain = 1.5)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void hidden2();

  @Dense(10) void logits();
}
