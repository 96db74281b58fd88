package dev.dither.processor.validation;

import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.Gru;
import dev.dither.Lstm;
import dev.dither.Input;
import dev.dither.Network;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.NetworkModel;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Checks a {@code @Network} interface against every rule and turns it into a
 * {@link NetworkModel}. All problems of one network are reported before giving up on it, each
 * at the element and annotation attribute that causes it.
 */
public final class NetworkValidator {
  /** The annotations that each make a method a layer (or the input); a method carries one. */
  static final List<Class<? extends Annotation>> LAYER_ANNOTATIONS =
      List.of(Input.class, Embedding.class, Dense.class, Lstm.class, Gru.class);

  private final Elements elements;
  private final Reporter reporter;
  private final java.util.Set<String> generatedClasses;
  private final LayerValues layerValues;
  private final RecurrentLayers recurrentLayers;

  /**
   * @param generatedClasses qualified names of every class the processor generates in this round,
   *     which are not yet visible through {@code elements}
   */
  public NetworkValidator(Elements elements, Reporter reporter, java.util.Set<String> generatedClasses) {
    this.elements = elements;
    this.reporter = reporter;
    this.generatedClasses = generatedClasses;
    NoiseChecks noiseChecks = new NoiseChecks(reporter);
    this.layerValues = new LayerValues(reporter, noiseChecks);
    this.recurrentLayers = new RecurrentLayers(reporter, layerValues, noiseChecks);
  }

  /** The simple name of the class generated for {@code type}. */
  public static String className(TypeElement type) {
    Network network = type.getAnnotation(Network.class);
    return network.name().isEmpty() ? type.getSimpleName() + "Model" : network.name();
  }

  /** The model of {@code type}, or empty after reporting at least one error. */
  public Optional<NetworkModel> validate(TypeElement type) {
    int errorsBefore = reporter.errorCount();
    AnnotationMirror networkMirror = AnnotationSites.mirror(type, Network.class);
    Network network = type.getAnnotation(Network.class);
    if (type.getKind() != ElementKind.INTERFACE) {
      reporter.error(Diagnostic.NOT_AN_INTERFACE, type, networkMirror, null,
          type.getSimpleName(), type.getKind().toString().toLowerCase(java.util.Locale.ROOT),
          type.getSimpleName());
      return Optional.empty();
    }
    String className = className(type);
    new ClassNames(elements, reporter).check(type, networkMirror, nestedName(type), className);
    new InheritedLayers(reporter).check(type, type, networkMirror);

    LayerMethods methods = LayerMethods.collect(type, reporter, layerValues);
    InputModel input = methods.input();
    ExecutableElement inputMethod = methods.inputMethod();
    List<ExecutableElement> layerMethods = methods.layerMethods();
    if (inputMethod == null) {
      reporter.error(Diagnostic.NO_INPUT, type, networkMirror, null, type.getSimpleName());
    }
    if (layerMethods.isEmpty()) {
      reporter.error(Diagnostic.NO_LAYERS, type, networkMirror, null, type.getSimpleName());
    }
    if (layerMethods.size() > Limits.MAX_LAYERS) {
      reporter.error(Diagnostic.TOO_MANY_LAYERS, type, networkMirror, null, type.getSimpleName(),
          layerMethods.size(), Limits.MAX_LAYERS);
      return Optional.empty();
    }

    List<LayerModel> layers = new ArrayList<>();
    int previous = input == null ? 1 : input.size();
    boolean perStep = input != null && input.isSequence();
    int site = 0;
    for (int i = 0; i < layerMethods.size(); i++) {
      ExecutableElement method = layerMethods.get(i);
      boolean last = i == layerMethods.size() - 1;
      LayerModel layer;
      if (method.getAnnotation(Dense.class) != null) {
        DenseLayerModel dense = layerValues.denseLayer(method, i, previous, site, last, network.loss(), perStep);
        site += dense.activation().hasNoise() ? 1 : 0;
        layer = dense;
      } else {
        String from = i == 0 ? (inputMethod == null ? "input" : inputMethod.getSimpleName().toString())
            : layerMethods.get(i - 1).getSimpleName().toString();
        RecurrentLayerModel recurrent = recurrentLayers.recurrentLayer(method, i, previous, site, perStep, from, input);
        site += (recurrent.gateNoiseSite() >= 0 ? 1 : 0) + (recurrent.cellNoiseSite() >= 0 ? 1 : 0);
        if (last) {
          reporter.error(Diagnostic.OUTPUT_NOT_DENSE, method, null, null, method.getSimpleName());
        }
        layer = recurrent;
      }
      layers.add(layer);
      previous = Math.max(1, layer.units());
      perStep = layer.perStepOutput();
    }
    ArraySizes.report(reporter, input, inputMethod, layers, layerMethods);
    new NameClashes(reporter).check(input, inputMethod, layers, layerMethods);
    if (reporter.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    PackageElement pkg = elements.getPackageOf(type);
    return Optional.of(new NetworkModel(pkg.getQualifiedName().toString(), nestedName(type),
        className, network.loss(), network.precision(), input, layers,
        new ClassNames(elements, reporter).hiddenJavaLangNames(pkg, className, generatedClasses)));
  }

  private static String nestedName(TypeElement type) {
    StringBuilder name = new StringBuilder(type.getSimpleName());
    Element enclosing = type.getEnclosingElement();
    while (enclosing instanceof TypeElement t) {
      name.insert(0, t.getSimpleName() + ".");
      enclosing = t.getEnclosingElement();
    }
    return name.toString();
  }
}
