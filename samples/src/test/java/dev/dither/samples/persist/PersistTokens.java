package dev.dither.samples.persist;

import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.GateFunctions;
import dev.dither.Gru;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;
import dev.dither.Sequence;

/** Tokens through an embedding and a noisy GRU, for the names and layouts of those layers. */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.DOUBLE)
interface PersistTokens {
  @Embedding(vocabulary = 7, dimension = 3) @Sequence(4) void tokens();

  @Gru(value = 5, functions = GateFunctions.NOISY, noise = @Noise(variant = NoiseVariant.NAH, alpha = 1.15, c = 0.5))
  void gru();

  @Dense(2) void logits();
}
