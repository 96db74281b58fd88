package dev.dither.samples.persist;

import dev.dither.Dense;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;

/** {@code nn.LSTM(3, 4)} of the fixture; the head is set to the identity to read h_T. */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
interface TorchLstm {
  @Input(3) @Sequence(5) void x();

  @Lstm(4) void lstm();

  @Dense(4) void out();
}
