package bad;

import dev.dither.*;

@Network
interface ConflictingLayerAnnotations {
  @Input(4)
  @Dense(4)
  void features();

  @Dense(2) void logits();
}
