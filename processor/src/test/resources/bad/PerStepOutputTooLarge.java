package bad;

import dev.dither.*;

@Network(loss = Loss.MEAN_SQUARED_ERROR)
interface PerStepOutputTooLarge {
  @Input(1) @Sequence(100000) void features();

  @Gru(value = 2, output = SequenceOutput.ALL) void rnn();

  @Dense(
      30000)
  void out();
}
