package bad;

import dev.dither.*;

@Network
interface InvalidGateAlpha {
  @Input(4) @Sequence(5) void features();

  @Gru(value = 8, gates = {
      @Gate(value = GateName.CANDIDATE, fn = Fn.HARD_TANH, noise = @Noise(
          variant = NoiseVariant.NAN,
          alpha = Double.NaN))})
  void rnn();

  @Dense(2) void logits();
}
