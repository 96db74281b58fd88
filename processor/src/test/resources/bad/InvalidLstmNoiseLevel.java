package bad;

import dev.dither.*;

@Network
interface InvalidLstmNoiseLevel {
  @Input(4) @Sequence(5) void features();

  @Lstm(value = 8, functions = GateFunctions.NOISY, noise = @Noise(
      variant = NoiseVariant.NAH,
      c = -1))
  void rnn();

  @Dense(2) void logits();
}
