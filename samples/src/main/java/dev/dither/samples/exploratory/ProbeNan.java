package dev.dither.samples.exploratory;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/**
 * One noisy layer fed by one input with weight 1 and bias 0, so that its outputs are the
 * activations φ(x) of its units: it evaluates a trained {@link ExploratoryNan} layer's units
 * (their p copied in) with the generated code itself, for the Figure 5/6 plots.
 */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
interface ProbeNan {
  @Input(1) void x();

  @Dense(Exploratory.UNITS)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAN, alpha = 1, c = Exploratory.C))
  void units();
}
