package bad;

import dev.dither.*;

@Network
interface HugeAlpha {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN,
      alpha = 1e39))
  void hidden();

  @Dense(2) void logits();
}
