package bad;

import dev.dither.*;

@Network
interface InvalidBiasShift {
  @Input(4) void features();

  @Dense(
      value = 8,
      biasShift = Double.NaN)
  void hidden();

  @Dense(2) void logits();
}
