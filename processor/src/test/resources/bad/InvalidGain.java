package bad;

import dev.dither.*;

@Network
interface InvalidGain {
  @Input(4) void features();

  @Dense(
      value = 8,
      init = Init.ORTHOGONAL,
      gain = -1.0)
  void hidden();

  @Dense(2) void logits();
}
