package dev.dither.bench;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Precision;

/**
 * The benchmarked network without noise: an MNIST-sized MLP 784-256-256-10 with hard-tanh hidden
 * layers, softmax cross-entropy, float arithmetic. Dither generates {@code HardTanhMlpModel}.
 *
 * <p>The hidden layers are initialised Glorot-uniform with gains 3 and 1.5 so that about 30% of
 * the hidden units saturate on the benchmark's inputs (80% zeros, the rest U(0, 1)): with
 * PyTorch's default initialisation and such sparse inputs no unit saturates, and NAH's noise
 * term, which is non-zero only on saturated units, would never be computed. Both networks use
 * the same initialisation so that the two variants run in the same regime.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
public interface HardTanhMlp {
  @Input(784) void pixels();

  @Dense(value = 256, init = Init.GLOROT_UNIFORM, gain = 3.0)
  @Activation(Fn.HARD_TANH)
  void hidden1();

  @Dense(value = 256, init = Init.GLOROT_UNIFORM, gain = 1.5)
  @Activation(Fn.HARD_TANH)
  void hidden2();

  @Dense(10) void logits();
}
