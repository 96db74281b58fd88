package good;

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
 * DOUBLE precision, mean squared error, a NANIL hard-sigmoid layer whose p is frozen, a NANIS
 * hard-tanh layer (no p at all) and a SOFTMAX output that, under MSE, is not fused into the loss.
 */
@Network(loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)
public interface RegressionNet {
  @Input(5) void signal();

  @Dense(12)
  @Activation(value = Fn.HARD_SIGMOID,
      noise = @Noise(variant = NoiseVariant.NANIL, c = 0.75, learnP = false))
  void gate();

  @Dense(6)
  @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NANIS, c = 0.25))
  void squash();

  @Dense(3)
  @Activation(Fn.SOFTMAX)
  void mixture();
}
