package bad;

import dev.dither.*;

@Network
interface LayerNotVoid {
  @Input(4) void features();

  @Dense(8)
  float[]
      hidden();

  @Dense(2) void logits();
}
