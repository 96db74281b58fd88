package dev.dither.spark;

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
import dev.dither.SequenceOutput;

/** An LSTM whose every site is noisy, for data-parallel equivalence. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
interface NoisyLstm {
  @Input(3) @Sequence(5) void series();

  @Lstm(value = 6, functions = GateFunctions.NOISY, output = SequenceOutput.MEAN,
      noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void lstm();

  @Dense(3) void logits();
}
