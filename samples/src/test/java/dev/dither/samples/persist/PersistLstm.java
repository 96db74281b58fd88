package dev.dither.samples.persist;

import dev.dither.Dense;
import dev.dither.GateFunctions;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;
import dev.dither.Sequence;

/** A variable-length noisy LSTM for the persistence tests. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface PersistLstm {
  @Input(3) @Sequence(value = 5, variableLength = true) void x();

  @Lstm(value = 6, functions = GateFunctions.NOISY,
      noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void rnn();

  @Dense(2) void logits();
}
