package bad;

import dev.dither.*;

@Network
interface NonPositiveInputSize {
  @Input(
      0)
  void features();

  @Dense(2) void logits();
}
