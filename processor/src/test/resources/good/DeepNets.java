package good;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.Noise;
import dev.dither.NoiseVariant;
import dev.dither.Precision;

/** Holds a network description as a nested interface. */
final class DeepNets {
  private DeepNets() {}

  /** Every plain activation, initialisers with gain, a bias shift and a custom class name. */
  @Network(name = "CustomName", loss = Loss.SOFTMAX_CROSS_ENTROPY, precision = Precision.FLOAT)
  interface Deep {
    @Input(10) void pixels();

    @Dense(value = 24, init = Init.GLOROT_UNIFORM, gain = 1.4142135623730951)
    @Activation(Fn.RELU)
    void rectified();

    @Dense(value = 20, init = Init.ORTHOGONAL, gain = 0.5)
    @Activation(Fn.SIGMOID)
    void sigmoidal();

    @Dense(16)
    @Activation(Fn.TANH)
    void tangent();

    @Dense(value = 12, init = Init.GLOROT_UNIFORM, biasShift = 3.0)
    @Activation(value = Fn.HARD_SIGMOID,
        noise = @Noise(variant = NoiseVariant.NAN, alpha = 0.9, c = 1.0))
    void saturated();

    @Dense(4) void classes();
  }
}
