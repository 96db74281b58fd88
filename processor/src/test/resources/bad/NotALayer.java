package bad;

import dev.dither.*;

@Network
interface NotALayer {
  @Input(4) void features();

  @Dense(8) void hidden();

  void forgotten();

  @Dense(2) void logits();

  default String describe() {
    return "default methods are allowed";
  }
}
