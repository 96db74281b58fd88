package dev.dither.samples.recall;

import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.GateFunctions;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;
import dev.dither.Sequence;

/**
 * The associative-recall controller with every gate, candidate and cell site a hard function
 * with NAN noise (eq. 12, normal noise, α = 1.15); its level c is annealed at run time as in the
 * unique-count experiment.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface RecallNan {
  @Embedding(vocabulary = AssociativeRecall.VOCABULARY, dimension = AssociativeRecall.EMBEDDING)
  @Sequence(value = AssociativeRecall.MAX_LENGTH, variableLength = true)
  void tokens();

  @Lstm(value = AssociativeRecall.UNITS, functions = GateFunctions.NOISY,
      noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void controller();

  @Dense(AssociativeRecall.ITEMS) void logits();
}
