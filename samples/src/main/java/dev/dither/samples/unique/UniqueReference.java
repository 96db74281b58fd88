package dev.dither.samples.unique;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/**
 * The unique-count network (see {@link UniqueCount}) with soft gates (PyTorch's
 * {@code nn.LSTM}): the reference model of Table 5.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface UniqueReference {
  @Input(UniqueCount.VALUES) @Sequence(UniqueCount.LENGTH) void digits();

  @Lstm(value = UniqueCount.UNITS, output = SequenceOutput.MEAN)
  void lstm();

  @Dense(UniqueCount.HIDDEN) @Activation(Fn.RELU) void hidden();

  @Dense(UniqueCount.CLASSES) void logits();
}
