package bad;

import dev.dither.*;

@Network
interface SequenceTooLong {
  @Input(
      65536) @Sequence(32768)
  void features();

  @Gru(4) void rnn();

  @Dense(2) void logits();
}
