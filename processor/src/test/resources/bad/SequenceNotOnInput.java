package bad;

import dev.dither.*;

@Network
interface SequenceNotOnInput {
  @Input(4) void features();

  @Dense(8)
  @Sequence(5)
  void hidden();

  @Dense(2) void logits();
}
