package dev.dither.samples.persist;

import dev.dither.Dense;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** One linear layer 3 → 2, for the F64 tensor of the F64/I32 fixture. */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.FLOAT)
interface TorchPair {
  @Input(3) void x();

  @Dense(2) void layer();
}
