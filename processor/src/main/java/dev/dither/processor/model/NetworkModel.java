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
 * @param input the {@code @Input} or {@code @Embedding} method
 * @param layers the layers in declaration order; the last one, a dense layer, produces the output
 * @param hiddenJavaLangNames simple names of {@code java.lang} types that a type of the package (or
 *     the generated class itself) hides, so that the generated code must qualify them
 */
public record NetworkModel(
    String packageName,
    String interfaceName,
    String className,
    Loss loss,
    Precision precision,
    InputModel input,
    List<LayerModel> layers,
    java.util.Set<String> hiddenJavaLangNames) {

  public NetworkModel {
    layers = List.copyOf(layers);
    hiddenJavaLangNames = java.util.Set.copyOf(hiddenJavaLangNames);
  }

  /** A network whose package hides no {@code java.lang} type the generated code names. */
  public NetworkModel(String packageName, String interfaceName, String className, Loss loss, Precision precision,
      InputModel input, List<LayerModel> layers) {
    this(packageName, interfaceName, className, loss, precision, input, layers, java.util.Set.of());
  }

  public DenseLayerModel output() {
    return (DenseLayerModel) layers.get(layers.size() - 1);
  }

  /** Whether the loss sees one row per time step (a recurrent layer with output ALL before it). */
  public boolean perStepOutput() {
    return output().perStepOutput();
  }

  /** The dense layers, in declaration order. */
  public List<DenseLayerModel> denseLayers() {
    return layers.stream().filter(DenseLayerModel.class::isInstance).map(DenseLayerModel.class::cast).toList();
  }

  /** Whether any layer draws noise. */
  public boolean hasNoise() {
    return layers.stream().anyMatch(l -> l instanceof DenseLayerModel d ? d.activation().hasNoise()
        : ((RecurrentLayerModel) l).hasNoise());
  }
}
