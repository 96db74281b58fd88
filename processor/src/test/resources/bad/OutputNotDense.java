package bad;

import dev.dither.*;

@Network
interface OutputNotDense {
  @Input(4) @Sequence(5) void features();

  @Lstm(8)
  void rnn();
}
