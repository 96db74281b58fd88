package bad;

import dev.dither.*;

@Network
interface NoiseLevelWithoutVariant {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(
      c = 0.7))
  void hidden();

  @Dense(2) void logits();
}
