package bad;

import dev.dither.*;

@Network
interface DollarInName {
  @Input(4) void features();

  @Dense(8)
  void a$b();

  @Dense(2) void logits();
}
