package bad;

import dev.dither.*;

@Network
interface NoiseOnNonSaturating {
  @Input(4) void features();

  @Dense(8)
  @Activation(
      value = Fn.TANH,
      noise = @Noise(variant = NoiseVariant.NAN))
  void hidden();

  @Dense(2) void logits();
}
