package bad;

import dev.dither.*;

@Network
interface NoisyLayerWithoutVariant {
  @Input(4) @Sequence(3) void features();

  @Lstm(value = 8, functions = GateFunctions.NOISY,
      noise = @Noise(c = 2))
  void rnn();

  @Dense(2) void logits();
}
