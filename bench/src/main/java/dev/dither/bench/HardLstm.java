package dev.dither.bench;

import dev.dither.Dense;
import dev.dither.GateFunctions;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/**
 * {@link SoftLstm} with hard gates and no noise: hard-sigmoid i, f, o, hard-tanh candidate g and
 * cell output. The deterministic counterpart of {@link NahLstm}. Dither generates
 * {@code HardLstmModel}.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface HardLstm {
  @Input(32) @Sequence(50) void steps();

  @Lstm(value = 128, functions = GateFunctions.HARD, output = SequenceOutput.LAST)
  void rnn();

  @Dense(10) void logits();
}
