package bad;

import dev.dither.*;

@Network
interface GateNotInCell {
  @Input(4) @Sequence(5) void features();

  @Lstm(value = 8, gates = {
      @Gate(
          value = GateName.RESET,
          fn = Fn.SIGMOID)})
  void rnn();

  @Dense(2) void logits();
}
