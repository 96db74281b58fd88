package bad;

import dev.dither.*;

@Network
interface EmbeddingTooLarge {
  @Embedding(vocabulary = 46341, dimension = 46341) @Sequence(2)
  void tokens();

  @Lstm(4) void rnn();

  @Dense(2) void logits();
}
