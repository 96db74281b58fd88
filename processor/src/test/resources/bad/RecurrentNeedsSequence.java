package bad;

import dev.dither.*;

@Network
interface RecurrentNeedsSequence {
  @Input(4) void features();

  @Lstm(
      8)
  void rnn();

  @Dense(2) void logits();
}
