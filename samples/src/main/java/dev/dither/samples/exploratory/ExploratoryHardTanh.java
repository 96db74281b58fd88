package dev.dither.samples.exploratory;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** Section 6.1's MLP with hard-tanh units. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface ExploratoryHardTanh {
  @Input(Mixture.DIMENSIONS) void point();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.HARD_TANH)
  void first();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.HARD_TANH)
  void second();

  @Dense(Exploratory.UNITS)
  @Activation(Fn.HARD_TANH)
  void third();

  @Dense(Mixture.CLASSES) void logits();
}
