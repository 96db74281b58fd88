package bad;

import dev.dither.*;

@Network
interface UnusedRecurrentNoise {
  @Input(4) @Sequence(5) void features();

  @Gru(
      value = 8, functions = GateFunctions.HARD,
      noise = @Noise(variant = NoiseVariant.NAN, c = 1))
  void rnn();

  @Dense(2) void logits();
}
