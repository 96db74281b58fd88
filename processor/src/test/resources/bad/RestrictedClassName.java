package bad;

import dev.dither.*;

@Network(
    name = "record")
interface RestrictedClassName {
  @Input(4) void features();
  @Dense(2) void logits();
}
