package bad;

import dev.dither.*;

@Network
interface LayerHasParameters {
  @Input(4) void features();

  @Dense(8)
  void hidden(
      float[] x,
      int n);

  @Dense(2) void logits();
}
