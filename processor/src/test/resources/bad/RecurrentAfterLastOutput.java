package bad;

import dev.dither.*;

@Network
interface RecurrentAfterLastOutput {
  @Input(4) @Sequence(5) void features();

  @Lstm(8) void encoder();

  @Gru(
      8)
  void decoder();

  @Dense(2) void logits();
}
