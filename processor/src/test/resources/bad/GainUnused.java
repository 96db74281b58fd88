package bad;

import dev.dither.*;

@Network
interface GainUnused {
  @Input(4) void features();

  @Dense(
      value = 8,
      gain = 2.0)
  void hidden();

  @Dense(2) void logits();
}
