package bad;

import dev.dither.*;

@Network(loss = Loss.MEAN_SQUARED_ERROR)
interface SoftmaxNotLast {
  @Input(4) void features();

  @Dense(8)
  @Activation(
      Fn.SOFTMAX)
  void hidden();

  @Dense(2) void out();
}
