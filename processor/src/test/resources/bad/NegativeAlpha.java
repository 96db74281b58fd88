package bad;

import dev.dither.*;

@Network
interface NegativeAlpha {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH,
      alpha = -1.15))
  void hidden();

  @Dense(2) void logits();
}
