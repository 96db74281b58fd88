package bad;

import dev.dither.*;

@Network
interface HugeBiasShift {
  @Input(4) void features();

  @Dense(value = 8,
      biasShift = Double.MAX_VALUE)
  void hidden();

  @Dense(2) void logits();
}
