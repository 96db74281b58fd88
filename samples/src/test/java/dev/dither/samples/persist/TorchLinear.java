package dev.dither.samples.persist;

import dev.dither.Dense;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** One linear layer 3 → 4, for the F16/BF16 fixture. */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.FLOAT)
interface TorchLinear {
  @Input(3) void x();

  @Dense(4) void layer();
}
