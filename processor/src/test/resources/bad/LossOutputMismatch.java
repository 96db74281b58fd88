package bad;

import dev.dither.*;

@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY)
interface LossOutputMismatch {
  @Input(4) void features();

  @Dense(8) void hidden();

  @Dense(3)
  @Activation(
      Fn.SIGMOID)
  void logits();
}
