package bad;

import dev.dither.*;

@Network(
    precision = Precision.DOUBLE,
    name = "My-Model")
interface InvalidClassName {
  @Input(4) void features();
  @Dense(2) void logits();
}
