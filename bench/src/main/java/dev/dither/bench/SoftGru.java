package dev.dither.bench;

import dev.dither.Dense;
import dev.dither.GateFunctions;
import dev.dither.Gru;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/**
 * A GRU at the sizes of {@link SoftLstm}: 50 steps of 32 inputs, 128 units with PyTorch's cell
 * (sigmoid gates r, z, tanh candidate n), the last state into 10 logits. Dither generates
 * {@code SoftGruModel}.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface SoftGru {
  @Input(32) @Sequence(50) void steps();

  @Gru(value = 128, functions = GateFunctions.SOFT, output = SequenceOutput.LAST)
  void rnn();

  @Dense(10) void logits();
}
