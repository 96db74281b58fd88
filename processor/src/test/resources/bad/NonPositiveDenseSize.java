package bad;

import dev.dither.*;

@Network
interface NonPositiveDenseSize {
  @Input(4) void features();

  @Dense(
      value = -3,
      init = Init.GLOROT_UNIFORM)
  void hidden();

  @Dense(2) void logits();
}
