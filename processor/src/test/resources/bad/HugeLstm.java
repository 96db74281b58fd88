package bad;

import dev.dither.*;

@Network
interface HugeLstm {
  @Input(1) @Sequence(2) void features();

  @Lstm(
      600000000)
  void rnn();

  @Dense(2) void logits();
}
