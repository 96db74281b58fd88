package bad;

import dev.dither.*;

@Network(loss = Loss.MEAN_SQUARED_ERROR)
interface TooLarge {
  @Input(65536) void features();

  @Dense(
      65536)
  void hidden();

  @Dense(1) void out();
}
