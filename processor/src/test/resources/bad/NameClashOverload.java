package bad;

import dev.dither.*;

@Network
interface NameClashOverload {
  @Input(4) void features();

  @Dense(8) void hidden();

  @Dense(8) void hidden(
      int width);

  @Dense(2) void logits();
}
