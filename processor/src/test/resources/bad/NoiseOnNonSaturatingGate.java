package bad;

import dev.dither.*;

@Network
interface NoiseOnNonSaturatingGate {
  @Input(4) @Sequence(5) void features();

  @Lstm(value = 8, gates = {
      @Gate(value = GateName.CANDIDATE, fn = Fn.TANH,
          noise = @Noise(variant = NoiseVariant.NAH))})
  void rnn();

  @Dense(2) void logits();
}
