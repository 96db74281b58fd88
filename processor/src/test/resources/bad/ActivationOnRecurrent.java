package bad;

import dev.dither.*;

@Network
interface ActivationOnRecurrent {
  @Input(4) @Sequence(5) void features();

  @Gru(8)
  @Activation(Fn.HARD_TANH)
  void rnn();

  @Dense(2) void logits();
}
