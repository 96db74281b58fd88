package bad;

import dev.dither.*;

@Network
interface NonPositiveLstmSize {
  @Input(4) @Sequence(5) void features();

  @Lstm(
      0)
  void rnn();

  @Dense(2) void logits();
}
