package bad;

import dev.dither.*;

@Network
interface DuplicateGate {
  @Input(4) @Sequence(5) void features();

  @Lstm(value = 8, gates = {
      @Gate(value = GateName.FORGET, fn = Fn.HARD_SIGMOID),
      @Gate(
          value = GateName.FORGET,
          fn = Fn.SIGMOID)})
  void rnn();

  @Dense(2) void logits();
}
