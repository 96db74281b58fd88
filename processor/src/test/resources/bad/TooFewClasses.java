package bad;

import dev.dither.*;

@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY)
interface TooFewClasses {
  @Input(4) void features();

  @Dense(8) void hidden();

  @Dense(
      1)
  void logits();
}
