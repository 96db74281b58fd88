package dev.dither.samples.serving;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.Fn;
import dev.dither.GateFunctions;
import dev.dither.Gru;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/** Small networks of every input kind for the serving and misuse tests. */
final class ServingNets {
  private ServingNets() {}

  /** Dense, FLOAT, NAH noise (its evaluation output depends on the level c), softmax logits. */
  @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
  interface NahMlp {
    @Input(12) void features();

    @Dense(24)
    @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
    void hidden();

    @Dense(5) void logits();
  }

  /** Dense, DOUBLE, regression: no probabilities, no classes. */
  @Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
  interface Regression {
    @Input(4) void x();

    @Dense(8) @Activation(Fn.TANH) void hidden();

    @Dense(2) void y();
  }

  /** Dense with a softmax output layer: probabilities are the outputs themselves. */
  @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
  interface SoftmaxOut {
    @Input(3) void x();

    @Dense(4) @Activation(Fn.SOFTMAX) void classes();
  }

  /** Tokens over variable-length sequences, noisy LSTM. */
  @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
  interface TokenLstm {
    @Embedding(vocabulary = 7, dimension = 5) @Sequence(value = 6, variableLength = true) void tokens();

    @Lstm(value = 8, output = SequenceOutput.LAST, functions = GateFunctions.NOISY,
        noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
    void lstm();

    @Dense(3) void logits();
  }

  /** Real-valued fixed-length sequences through a GRU, per-step outputs. */
  @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
  interface StepGru {
    @Input(3) @Sequence(4) void x();

    @Gru(value = 6, output = SequenceOutput.ALL) void gru();

    @Dense(2) void logits();
  }
}
