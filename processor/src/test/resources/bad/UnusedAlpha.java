package bad;

import dev.dither.*;

@Network
interface UnusedAlpha {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(
      variant = NoiseVariant.NANIS,
      alpha = 0.9,
      c = 0.25))
  void hidden();

  @Dense(2) void logits();
}
