package bad;

import dev.dither.*;

@Network(loss = Loss.MEAN_SQUARED_ERROR)
interface SoftmaxOneUnit {
  @Input(4) void features();

  @Dense(1)
  @Activation(
      Fn.SOFTMAX)
  void out();
}
