package dev.dither.samples.recall;

import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Precision;
import dev.dither.Sequence;

/** The associative-recall controller (see {@link AssociativeRecall}) with soft gates: the regular model. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface RecallReference {
  @Embedding(vocabulary = AssociativeRecall.VOCABULARY, dimension = AssociativeRecall.EMBEDDING)
  @Sequence(value = AssociativeRecall.MAX_LENGTH, variableLength = true)
  void tokens();

  @Lstm(AssociativeRecall.UNITS) void controller();

  @Dense(AssociativeRecall.ITEMS) void logits();
}
