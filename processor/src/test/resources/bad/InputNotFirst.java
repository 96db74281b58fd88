package bad;

import dev.dither.*;

@Network
interface InputNotFirst {
  @Dense(8) void hidden();
  @Input(4) void features();
  @Dense(2) void logits();
}
