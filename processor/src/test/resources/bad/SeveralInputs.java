package bad;

import dev.dither.*;

@Network
interface SeveralInputs {
  @Input(4) void features();
  @Input(4) void moreFeatures();
  @Dense(2) void logits();
}
