package bad;

import dev.dither.*;

@Network
interface ConflictingRecurrentLayers {
  @Input(4) @Sequence(5) void features();

  @Lstm(8)
  @Gru(8)
  void rnn();

  @Dense(2) void logits();
}
