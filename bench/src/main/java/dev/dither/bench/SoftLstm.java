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
 * The benchmarked LSTM without noise: 50 steps of 32 inputs into an LSTM of 128 units with
 * PyTorch's cell (sigmoid gates, tanh candidate and cell output), the state after the last step
 * into a dense layer of 10 logits, softmax cross-entropy, float arithmetic. Dither generates
 * {@code SoftLstmModel}.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface SoftLstm {
  @Input(32) @Sequence(50) void steps();

  @Lstm(value = 128, functions = GateFunctions.SOFT, output = SequenceOutput.LAST)
  void rnn();

  @Dense(10) void logits();
}
