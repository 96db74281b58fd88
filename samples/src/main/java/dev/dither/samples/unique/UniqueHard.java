package dev.dither.samples.unique;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.GateFunctions;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/**
 * The unique-count network with hard sigmoid and hard tanh on every site and no noise: a control
 * that is not in Table 5, separating what the hard functions do from what the noise does.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface UniqueHard {
  @Input(UniqueCount.VALUES) @Sequence(UniqueCount.LENGTH) void digits();

  @Lstm(value = UniqueCount.UNITS, output = SequenceOutput.MEAN, functions = GateFunctions.HARD)
  void lstm();

  @Dense(UniqueCount.HIDDEN) @Activation(Fn.RELU) void hidden();

  @Dense(UniqueCount.CLASSES) void logits();
}
