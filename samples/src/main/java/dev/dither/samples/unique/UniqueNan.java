package dev.dither.samples.unique;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.GateFunctions;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Lstm;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;
import dev.dither.Sequence;
import dev.dither.SequenceOutput;

/**
 * The unique-count network (see {@link UniqueCount}) with every gate, candidate and cell site a
 * hard function with NAN noise (eq. 12, normal noise, α = 1.15 as in the authors' code); the
 * level c is set at run time, constant or annealed.
 */
@Network(loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
interface UniqueNan {
  @Input(UniqueCount.VALUES) @Sequence(UniqueCount.LENGTH) void digits();

  @Lstm(value = UniqueCount.UNITS, output = SequenceOutput.MEAN, functions = GateFunctions.NOISY,
      noise = @Noise(variant = NoiseVariant.NAN, alpha = 1.15, c = 0.5))
  void lstm();

  @Dense(UniqueCount.HIDDEN) @Activation(Fn.RELU) void hidden();

  @Dense(UniqueCount.CLASSES) void logits();
}
