package bad;

import dev.dither.*;

@Network
interface ActivationWithoutLayer {
  @Input(4) void features();

  @Dense(8) void hidden();

  @Activation(Fn.RELU)
  default void helper() {}

  @Dense(2) void logits();
}
