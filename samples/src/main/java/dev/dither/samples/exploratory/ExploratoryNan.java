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

/** Section 6.1's MLP with noisy hard-tanh units: normal noise, α = 1 (as for Figure 5). */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface ExploratoryNan {
  @Input(Mixture.DIMENSIONS) void point();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1, c = Exploratory.C))
  void first();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1, c = Exploratory.C))
  void second();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1, c = Exploratory.C))
  void third();

  @Dense(Mixture.CLASSES) void logits();
}
