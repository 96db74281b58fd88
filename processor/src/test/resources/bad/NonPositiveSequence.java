package bad;

import dev.dither.*;

@Network
interface NonPositiveSequence {
  @Input(4)
  @Sequence(
      0)
  void features();

  @Lstm(8) void rnn();

  @Dense(2) void logits();
}
