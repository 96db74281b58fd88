package dev.dither.processor.validation;

import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * Every array (and size constant) the generated class derives from the declared sizes, for one
 * example, so that one check covers every layer kind. The generated code multiplies sizes in
 * {@code int}, so a product past a Java array's length would be a negative array size or size
 * constant there; here they are multiplied exactly.
 */
final class ArraySizes {
  private ArraySizes() {}

  /**
   * One array: {@code product} spells the factors as the user declared them.
   *
   * @param owner the input or layer method that declares the sizes
   */
  record Array(String owner, String what, String product, BigInteger elements) {
    boolean fits() {
      return elements.compareTo(BigInteger.valueOf(Limits.MAX_ARRAY)) <= 0;
    }
  }

  /**
   * Reports, at the method that declares the sizes, the first array of each input or layer that
   * does not fit.
   */
  static void report(Reporter reporter, InputModel input, ExecutableElement inputMethod, List<LayerModel> layers,
      List<ExecutableElement> layerMethods) {
    for (Array array : tooLarge(input, layers)) {
      ExecutableElement method = input != null && array.owner().equals(input.name()) ? inputMethod
          : layerMethods.stream().filter(m -> m.getSimpleName().contentEquals(array.owner())).findFirst().orElseThrow();
      AnnotationMirror mirror = NetworkValidator.LAYER_ANNOTATIONS.stream()
          .map(kind -> AnnotationSites.mirror(method, kind)).filter(Objects::nonNull).findFirst().orElse(null);
      reporter.error(Diagnostic.TOO_LARGE, method, mirror, AnnotationSites.value(mirror, "value"), array.owner(),
          array.product(), array.elements(), array.what());
    }
  }

  /** The arrays of {@code input} and {@code layers} that do not fit a Java array, the first one per owner. */
  static List<Array> tooLarge(InputModel input, List<LayerModel> layers) {
    List<Array> all = new ArrayList<>();
    if (input != null) {
      firstTooLarge(inputArrays(input), all);
    }
    int steps = input == null ? 1 : Math.max(1, input.steps());
    for (LayerModel layer : layers) {
      firstTooLarge(layer instanceof DenseLayerModel d ? denseArrays(d, steps)
          : recurrentArrays((RecurrentLayerModel) layer, steps), all);
    }
    return all;
  }

  private static void firstTooLarge(List<Array> arrays, List<Array> into) {
    arrays.stream().filter(a -> !a.fits()).findFirst().ifPresent(into::add);
  }

  private static List<Array> inputArrays(InputModel input) {
    String name = input.name();
    int steps = Math.max(1, input.steps());
    if (input.isEmbedding()) {
      return List.of(
          of(name, "its embedding weights", input.vocabulary(), input.size()),
          of(name, "the embedded tokens of one example", steps, input.size()));
    }
    return List.of(of(name, "the input of one example", input.size(), steps));
  }

  private static List<Array> denseArrays(DenseLayerModel layer, int steps) {
    String name = layer.name();
    List<Array> arrays = new ArrayList<>();
    arrays.add(of(name, "its weights", layer.inputs(), layer.units()));
    if (layer.perStep()) {
      arrays.add(of(name, "the outputs of one example", steps, layer.units()));
    }
    return arrays;
  }

  private static List<Array> recurrentArrays(RecurrentLayerModel layer, int steps) {
    String name = layer.name();
    int blocks = layer.cell().blocks();
    return List.of(
        of(name, "its input weights", layer.inputs(), blocks, layer.units()),
        of(name, "its recurrent weights", layer.units(), blocks, layer.units()),
        of(name, "the gates of one example", steps, blocks, layer.units()));
  }

  private static Array of(String owner, String what, long... factors) {
    BigInteger product = BigInteger.ONE;
    StringBuilder text = new StringBuilder();
    for (long f : factors) {
      product = product.multiply(BigInteger.valueOf(f));
      text.append(text.length() == 0 ? "" : " x ").append(f);
    }
    return new Array(owner, what, text.toString(), product);
  }
}
