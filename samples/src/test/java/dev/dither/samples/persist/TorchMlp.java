package dev.dither.samples.persist;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** {@code nn.Sequential(nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 3))} of the fixture. */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
interface TorchMlp {
  @Input(6) void x();

  @Dense(5) @Activation(Fn.TANH) void hidden();

  @Dense(3) void out();
}
