package dev.dither.processor.model;

import dev.dither.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * What a network costs, known before it ever runs: its parameters and the floating-point
 * operations of one example, for inference and for a training step.
 *
 * <p>FLOPs count the matrix products only, two per multiply-add, as a dense implementation
 * performs them: activations, noise, the loss and the optimizer update are O(units) per example
 * where the products are O(units²), and leaving them out gives one count that holds for any
 * implementation of the network, whatever it fuses or skips. A training step is the forward pass plus
 * the backward pass: the weight gradient of every layer and the gradient with respect to every
 * layer's input except the network's own real-valued input, which nobody needs. Recurrent layers
 * count every one of their {@code steps} (the maximum, for variable-length sequences), each with
 * the full recurrent product, although the first step's recurrent input is zero. Plain SGD adds
 * two FLOPs per trainable parameter per step, whatever the batch size; it is not in the
 * per-example counts.
 *
 * @param layers the cost of each layer, in declaration order
 */
public record NetworkCost(Precision precision, List<LayerCost> layers) {

  /**
   * One layer's share.
   *
   * @param parameters values the layer holds in the network's {@code parameters()}, p included
   * @param inferenceFlops FLOPs of the forward pass for one example
   * @param trainingFlops FLOPs of forward and backward passes for one example
   */
  public record LayerCost(String name, long parameters, long inferenceFlops, long trainingFlops) {}

  public NetworkCost {
    layers = List.copyOf(layers);
  }

  public static NetworkCost of(NetworkModel network) {
    List<LayerCost> costs = new ArrayList<>();
    InputModel input = network.input();
    if (input.isEmbedding()) {
      costs.add(new LayerCost(input.name(), (long) input.vocabulary() * input.size(), 0, 0));
    }
    for (LayerModel layer : network.layers()) {
      // The input gradient flows into an earlier layer or an embedding table, never into the data.
      boolean propagates = layer.index() > 0 || input.isEmbedding();
      costs.add(layer instanceof DenseLayerModel d
          ? dense(d, d.perStep() ? input.steps() : 1, propagates)
          : recurrent((RecurrentLayerModel) layer, propagates));
    }
    return new NetworkCost(network.precision(), costs);
  }

  private static LayerCost dense(DenseLayerModel l, int rows, boolean propagates) {
    long parameters = (long) l.inputs() * l.units() + l.units() + (l.activation().hasP() ? l.units() : 0);
    long product = 2L * rows * l.inputs() * l.units();
    return new LayerCost(l.name(), parameters, product, product * (propagates ? 3 : 2));
  }

  private static LayerCost recurrent(RecurrentLayerModel l, boolean propagates) {
    long gates = l.gateWidth();
    long parameters = (l.inputs() + l.units() + 2L) * gates
        + (l.gatesHaveP() ? gates : 0) + (l.cellHasP() ? l.units() : 0);
    long inputProduct = 2L * l.steps() * l.inputs() * gates;
    long recurrentProduct = 2L * l.steps() * l.units() * gates;
    long forward = inputProduct + recurrentProduct;
    // Backward: both weight gradients, the gradient into h_{t-1}, and optionally into x_t.
    long backward = forward + recurrentProduct + (propagates ? inputProduct : 0);
    return new LayerCost(l.name(), parameters, forward, forward + backward);
  }

  /** Bytes of one parameter value. */
  public int scalarBytes() {
    return precision == Precision.DOUBLE ? Double.BYTES : Float.BYTES;
  }

  public long parameters() {
    return layers.stream().mapToLong(LayerCost::parameters).sum();
  }

  public long parameterBytes() {
    return parameters() * scalarBytes();
  }

  public long inferenceFlops() {
    return layers.stream().mapToLong(LayerCost::inferenceFlops).sum();
  }

  public long trainingFlops() {
    return layers.stream().mapToLong(LayerCost::trainingFlops).sum();
  }
}
