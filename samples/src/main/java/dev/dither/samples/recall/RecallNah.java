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
 * with NAH noise (Algorithm 1, half-normal noise, α = 1.15: {@code @Lstm}'s default noise); its
 * level c is annealed at run time.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface RecallNah {
  @Embedding(vocabulary = AssociativeRecall.VOCABULARY, dimension = AssociativeRecall.EMBEDDING)
  @Sequence(value = AssociativeRecall.MAX_LENGTH, variableLength = true)
  void tokens();

  @Lstm(value = AssociativeRecall.UNITS, functions = GateFunctions.NOISY,
      noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void controller();

  @Dense(AssociativeRecall.ITEMS) void logits();
}
