package bad;

import dev.dither.*;

class Taken {}

@Network(
    name = "Taken")
interface ClassExists {
  @Input(4) void features();
  @Dense(2) void logits();
}
