package bad;

import dev.dither.*;

@Network
interface NoLayers {
  @Input(4) void features();
}
