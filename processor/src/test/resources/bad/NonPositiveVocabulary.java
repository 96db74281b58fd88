package bad;

import dev.dither.*;

@Network
interface NonPositiveVocabulary {
  @Embedding(
      vocabulary = 0,
      dimension = 4)
  @Sequence(5)
  void tokens();

  @Gru(8) void rnn();

  @Dense(2) void logits();
}
