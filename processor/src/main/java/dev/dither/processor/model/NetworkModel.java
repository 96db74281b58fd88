package dev.dither.processor.model;

import dev.dither.Loss;
import dev.dither.Precision;
import java.util.List;

/**
 * A validated network description: everything the writer needs and nothing from
 * {@code javax.lang.model}, so writers can be tested without a compiler.
 *
 * @param packageName package of the description and of the generated class
 * @param interfaceName simple name of the annotated interface (nested names joined with '.')
 * @param className simple name of the generated class
 * @param input the {@code @Input} method
 * @param layers the layers in declaration order; the last one produces the output
 */
public record NetworkModel(
    String packageName,
    String interfaceName,
    String className,
    Loss loss,
    Precision precision,
    InputModel input,
    List<DenseLayerModel> layers) {

  public NetworkModel {
    layers = List.copyOf(layers);
  }

  public DenseLayerModel output() {
    return layers.get(layers.size() - 1);
  }

  /** The layers with noise that draws samples, in declaration order (their noise sites). */
  public List<DenseLayerModel> noisyLayers() {
    return layers.stream().filter(l -> l.activation().hasNoise()).toList();
  }

  /** Size of the vector fed to {@code layers.get(index)}. */
  public int inputsOf(int index) {
    return index == 0 ? input.size() : layers.get(index - 1).units();
  }
}
