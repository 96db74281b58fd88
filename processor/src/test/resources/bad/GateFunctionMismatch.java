package bad;

import dev.dither.*;

@Network
interface GateFunctionMismatch {
  @Input(4) @Sequence(5) void features();

  @Gru(value = 8, gates = {
      @Gate(
          value = GateName.UPDATE,
          fn = Fn.TANH)})
  void rnn();

  @Dense(2) void logits();
}
