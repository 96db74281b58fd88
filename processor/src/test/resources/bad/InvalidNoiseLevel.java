package bad;

import dev.dither.*;

@Network
interface InvalidNoiseLevel {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(
      variant = NoiseVariant.NAH,
      c = -1))
  void hidden();

  @Dense(2) void logits();
}
