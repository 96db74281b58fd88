package bad;

import dev.dither.*;

@Network
abstract class NotAnInterface {
  @Input(4) abstract void features();
  @Dense(2) abstract void logits();
}
