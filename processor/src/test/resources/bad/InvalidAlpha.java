package bad;

import dev.dither.*;

@Network
interface InvalidAlpha {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(
      variant = NoiseVariant.NAN,
      alpha = Double.POSITIVE_INFINITY,
      c = 1.0))
  void hidden();

  @Dense(2) void logits();
}
