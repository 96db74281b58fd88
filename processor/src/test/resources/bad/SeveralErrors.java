package bad;

import dev.dither.*;

@Network(
    loss = Loss.SOFTMAX_CROSS_ENTROPY,
    name = "class")
interface SeveralErrors {
  @Input(
      -4)
  void features();

  @Dense(
      value = 8,
      init = Init.GLOROT_UNIFORM,
      gain = 0.0)
  @Activation(value = Fn.HARD_SIGMOID, noise = @Noise(
      variant = NoiseVariant.NANI,
      alpha = 0.5,
      c = Double.NaN))
  void hidden();

  @Dense(4)
  @Activation(
      Fn.SOFTMAX)
  void squashed();

  void forgotten();

  @Dense(
      1)
  @Activation(
      Fn.RELU)
  void logits();
}
