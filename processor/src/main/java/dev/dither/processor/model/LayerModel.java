package dev.dither.processor.model;

/** A layer of a network: dense or recurrent. */
public sealed interface LayerModel permits DenseLayerModel, RecurrentLayerModel {
  /** The layer method's name; generated members and parameter names derive from it. */
  String name();

  /** Position among the layers, from 0. */
  int index();

  /** Width of the vector the layer reads (per step for per-step input). */
  int inputs();

  /** Width of the vector the layer produces. */
  int units();

  /** Whether the layer's output has one row per time step rather than one per example. */
  boolean perStepOutput();
}
