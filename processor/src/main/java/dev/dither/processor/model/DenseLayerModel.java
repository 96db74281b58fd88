package dev.dither.processor.model;

import dev.dither.Init;

/**
 * One {@code @Dense} layer and its activation.
 *
 * @param noiseSite index among the network's noise sites, or -1 when the layer draws no noise
 * @param perStep whether the layer is applied at every time step (after a recurrent layer with
 *     {@code SequenceOutput.ALL}): it then sees one row per step instead of one per example
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
    int noiseSite,
    boolean perStep) implements LayerModel {

  @Override
  public boolean perStepOutput() {
    return perStep;
  }
}
