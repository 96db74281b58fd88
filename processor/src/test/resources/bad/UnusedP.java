package bad;

import dev.dither.*;

@Network
interface UnusedP {
  @Input(4) void features();

  @Dense(8)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(
      variant = NoiseVariant.NANIS,
      learnP = false))
  void hidden();

  @Dense(2) void logits();
}
