package bad;

import dev.dither.*;

interface Features {
  @Input(4) void features();
}

@Network
interface InheritedLayer extends Features {
  @Dense(2) void logits();
}
