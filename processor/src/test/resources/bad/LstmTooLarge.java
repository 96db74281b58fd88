package bad;

import dev.dither.*;

@Network
interface LstmTooLarge {
  @Input(1) @Sequence(2) void features();

  @Lstm(
      23171)
  void rnn();

  @Dense(2) void logits();
}
