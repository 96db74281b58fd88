package dev.dither.samples.fashion;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/** The protocol MLP 784-256-128-10 with hard-tanh units. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface FashionHardTanh {
  @Input(FashionMnist.PIXELS) void pixels();

  @Dense(256) @Activation(Fn.HARD_TANH) void hidden1();

  @Dense(128) @Activation(Fn.HARD_TANH) void hidden2();

  @Dense(FashionMnistData.CLASSES) void logits();
}
