package bad;

import dev.dither.*;

@Network
interface NameClash {
  @Input(4) void features();

  @Dense(8) void hidden();

  @Dense(8) void Hidden();

  @Dense(2) void logits();
}
