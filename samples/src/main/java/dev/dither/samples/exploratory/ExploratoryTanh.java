package dev.dither.samples.exploratory;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** Section 6.1's MLP: three layers of 8 tanh units. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface ExploratoryTanh {
  @Input(Mixture.DIMENSIONS) void point();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.TANH)
  void first();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.TANH)
  void second();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.TANH)
  void third();

  @Dense(Mixture.CLASSES) void logits();
}
