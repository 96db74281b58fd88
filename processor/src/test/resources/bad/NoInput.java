package bad;

import dev.dither.*;

@Network(loss = Loss.MEAN_SQUARED_ERROR)
interface NoInput {
  @Dense(8) void hidden();
  @Dense(1) void out();
}
