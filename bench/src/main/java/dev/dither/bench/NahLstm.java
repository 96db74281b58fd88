package dev.dither.bench;

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

/**
 * {@link SoftLstm} with every site noisy, as in the paper's recurrent experiments: hard-sigmoid
 * gates i, f, o and hard-tanh candidate g and cell output tanh(c), each with NAH noise
 * (alpha 1.15, c 0.5, a learned p per unit). Dither generates {@code NahLstmModel}.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface NahLstm {
  @Input(32) @Sequence(50) void steps();

  @Lstm(value = 128, functions = GateFunctions.NOISY, output = SequenceOutput.LAST,
      noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void rnn();

  @Dense(10) void logits();
}
