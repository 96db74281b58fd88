package dev.dither.samples.exploratory;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/** Section 6.1's MLP with noisy hard-tanh units: half-normal noise, α = 1 (as for Figure 6). */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface ExploratoryNah {
  @Input(Mixture.DIMENSIONS) void point();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1, c = Exploratory.C))
  void first();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1, c = Exploratory.C))
  void second();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1, c = Exploratory.C))
  void third();

  @Dense(Mixture.CLASSES) void logits();
}
