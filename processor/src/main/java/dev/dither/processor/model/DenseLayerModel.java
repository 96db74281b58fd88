package dev.dither.processor.model;

import dev.dither.Init;

/**
 * One {@code @Dense} layer and its activation.
 *
 * @param name the layer method's name; generated members and parameter names derive from it
 * @param index position among the layers, from 0
 * @param inputs size of the vector the layer reads
 * @param units number of outputs
 * @param noiseSite index among the noisy layers, or -1 when the layer draws no noise
 */
public record DenseLayerModel(
    String name,
    int index,
    int inputs,
    int units,
    Init init,
    double gain,
    double biasShift,
    ActivationModel activation,
    int noiseSite) {

  public long weightCount() {
    return (long) inputs * units;
  }
}
