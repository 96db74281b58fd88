package dev.dither.processor.validation;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.GateFunctions;
import dev.dither.GateName;
import dev.dither.Gru;
import dev.dither.Lstm;
import dev.dither.Sequence;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Network;
import dev.dither.NoiseVariant;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.NetworkModel;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
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

  /**
   * @param generatedClasses qualified names of every class the processor generates in this round,
   *     which are not yet visible through {@code elements}
   */
  public NetworkValidator(Elements elements, Reporter reporter, java.util.Set<String> generatedClasses) {
    this.elements = elements;
    this.reporter = reporter;
    this.generatedClasses = generatedClasses;
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

    InputModel input = null;
    ExecutableElement inputMethod = null;
    List<ExecutableElement> layerMethods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      boolean isInput = method.getAnnotation(Input.class) != null || method.getAnnotation(Embedding.class) != null;
      boolean isDense = method.getAnnotation(Dense.class) != null || method.getAnnotation(Lstm.class) != null
          || method.getAnnotation(Gru.class) != null;
      if (!isInput && method.getAnnotation(Sequence.class) != null) {
        reporter.error(Diagnostic.SEQUENCE_NOT_ON_INPUT, method, AnnotationSites.mirror(method, Sequence.class), null,
            method.getSimpleName());
      }
      if (!isInput && !isDense) {
        if (method.getAnnotation(Activation.class) != null) {
          reporter.error(Diagnostic.ACTIVATION_WITHOUT_LAYER, method,
              AnnotationSites.mirror(method, Activation.class), null, method.getSimpleName());
        } else if (method.getModifiers().contains(Modifier.ABSTRACT)) {
          reporter.error(Diagnostic.NOT_A_LAYER, method, null, null, method.getSimpleName());
        }
        continue;
      }
      List<Class<? extends Annotation>> kinds = LAYER_ANNOTATIONS.stream()
          .filter(kind -> method.getAnnotation(kind) != null).toList();
      if (kinds.size() > 1) {
        reporter.error(Diagnostic.CONFLICTING_LAYER_ANNOTATIONS, method,
            AnnotationSites.mirror(method, kinds.get(1)), null, method.getSimpleName(),
            kinds.get(0).getSimpleName(), kinds.get(1).getSimpleName());
        continue;
      }
      if (!kinds.contains(Dense.class) && method.getAnnotation(Activation.class) != null) {
        reporter.error(Diagnostic.ACTIVATION_WITHOUT_LAYER, method,
            AnnotationSites.mirror(method, Activation.class), null, method.getSimpleName());
      }
      checkSignature(method);
      if (method.getSimpleName().toString().contains("$")) {
        reporter.error(Diagnostic.DOLLAR_IN_NAME, method, null, null, method.getSimpleName());
      }
      if (isInput) {
        AnnotationMirror m = method.getAnnotation(Input.class) != null
            ? AnnotationSites.mirror(method, Input.class) : AnnotationSites.mirror(method, Embedding.class);
        if (inputMethod != null) {
          reporter.error(Diagnostic.SEVERAL_INPUTS, method, m, null,
              type.getSimpleName(), method.getSimpleName());
          continue;
        }
        if (!layerMethods.isEmpty()) {
          reporter.error(Diagnostic.INPUT_NOT_FIRST, method, m, null, method.getSimpleName());
        }
        inputMethod = method;
        input = input(method, m);
      } else {
        layerMethods.add(method);
      }
    }
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
        DenseLayerModel dense = denseLayer(method, i, previous, site, last, network.loss(), perStep);
        site += dense.activation().hasNoise() ? 1 : 0;
        layer = dense;
      } else {
        String from = i == 0 ? (inputMethod == null ? "input" : inputMethod.getSimpleName().toString())
            : layerMethods.get(i - 1).getSimpleName().toString();
        RecurrentLayerModel recurrent = recurrentLayer(method, i, previous, site, perStep, from, input);
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
    checkNameClashes(input, inputMethod, layers, layerMethods);
    if (reporter.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    PackageElement pkg = elements.getPackageOf(type);
    return Optional.of(new NetworkModel(pkg.getQualifiedName().toString(), nestedName(type),
        className, network.loss(), network.precision(), input, layers,
        new ClassNames(elements, reporter).hiddenJavaLangNames(pkg, className, generatedClasses)));
  }

  private InputModel input(ExecutableElement method, AnnotationMirror mirror) {
    String name = method.getSimpleName().toString();
    AnnotationMirror sequenceMirror = AnnotationSites.mirror(method, Sequence.class);
    int steps = 0;
    boolean variable = false;
    if (sequenceMirror != null) {
      Sequence sequence = method.getAnnotation(Sequence.class);
      variable = sequence.variableLength();
      checkSize(method, sequenceMirror, sequence.value());
      // Still a sequence after a bad length, so that the layers reading it report nothing more.
      steps = Math.max(1, sequence.value());
    }
    Embedding embedding = method.getAnnotation(Embedding.class);
    if (embedding != null) {
      if (embedding.vocabulary() <= 0) {
        reporter.error(Diagnostic.NON_POSITIVE_SIZE, method, mirror, AnnotationSites.value(mirror, "vocabulary"),
            name, embedding.vocabulary());
      }
      if (embedding.dimension() <= 0) {
        reporter.error(Diagnostic.NON_POSITIVE_SIZE, method, mirror, AnnotationSites.value(mirror, "dimension"),
            name, embedding.dimension());
      }
      return new InputModel(name, embedding.dimension(), steps, variable, Math.max(1, embedding.vocabulary()));
    }
    int size = method.getAnnotation(Input.class).value();
    checkSize(method, mirror, size);
    return new InputModel(name, size, steps, variable, 0);
  }

  private RecurrentLayerModel recurrentLayer(ExecutableElement method, int index, int inputs, int site,
      boolean perStepInput, String from, InputModel input) {
    boolean lstm = method.getAnnotation(Lstm.class) != null;
    AnnotationMirror mirror = AnnotationSites.mirror(method, lstm ? Lstm.class : Gru.class);
    RecurrentValues values = RecurrentValues.of(mirror);
    checkSize(method, mirror, values.units());
    if (values.noiseMirror() != null && values.functions() != dev.dither.GateFunctions.NOISY) {
      reporter.error(Diagnostic.UNUSED_NOISE, method, mirror, AnnotationSites.value(mirror, "noise"),
          method.getSimpleName(), values.functions());
    }
    if (!perStepInput) {
      reporter.error(Diagnostic.RECURRENT_NEEDS_SEQUENCE, method, mirror, null, method.getSimpleName(), from);
    }
    RecurrentLayerModel.Cell cell = lstm ? RecurrentLayerModel.Cell.LSTM : RecurrentLayerModel.Cell.GRU;
    List<GateName> names = lstm
        ? List.of(GateName.INPUT, GateName.FORGET, GateName.CANDIDATE, GateName.OUTPUT)
        : List.of(GateName.RESET, GateName.UPDATE, GateName.CANDIDATE);
    List<GateName> all = new ArrayList<>(names);
    if (lstm) {
      all.add(GateName.CELL);
    }
    Map<GateName, ActivationModel> overrides = new java.util.EnumMap<>(GateName.class);
    for (AnnotationMirror gate : values.gates()) {
      GateName name = RecurrentValues.gate(gate);
      Fn fn = RecurrentValues.fn(gate);
      if (!all.contains(name)) {
        reporter.error(Diagnostic.GATE_NOT_IN_CELL, method, mirror, AnnotationSites.value(gate, "value"),
            method.getSimpleName(), cell, name, all);
        continue;
      }
      boolean sigmoidSite = name != GateName.CANDIDATE && name != GateName.CELL;
      List<Fn> allowed = sigmoidSite ? List.of(Fn.SIGMOID, Fn.HARD_SIGMOID) : List.of(Fn.TANH, Fn.HARD_TANH);
      if (!allowed.contains(fn)) {
        reporter.error(Diagnostic.GATE_FUNCTION_MISMATCH, method, mirror, AnnotationSites.value(gate, "fn"),
            name, method.getSimpleName(), sigmoidSite ? "sigmoid" : "tanh", allowed, fn);
        continue;
      }
      if (overrides.containsKey(name)) {
        reporter.error(Diagnostic.DUPLICATE_GATE, method, mirror, AnnotationSites.value(gate, "value"),
            method.getSimpleName(), name);
        continue;
      }
      AnnotationMirror noiseMirror = AnnotationSites.nested(gate, "noise");
      overrides.put(name, checkedNoise(method, mirror, noiseMirror, AnnotationSites.value(gate, "noise"), fn,
          NoiseValues.of(noiseMirror), false));
    }
    if (values.functions() == GateFunctions.NOISY) {
      // One check for the layer's noise, although it applies to both kinds of site.
      checkedNoise(method, mirror, values.noiseMirror(), AnnotationSites.value(mirror, "noise"), Fn.HARD_SIGMOID,
          values.noise(), true);
    }
    ActivationModel sigmoid = siteDefault(values, true);
    ActivationModel tanh = siteDefault(values, false);
    List<RecurrentLayerModel.GateSite> sites = new ArrayList<>();
    for (int b = 0; b < names.size(); b++) {
      GateName name = names.get(b);
      ActivationModel fallback = name == GateName.CANDIDATE ? tanh : sigmoid;
      sites.add(new RecurrentLayerModel.GateSite(name, b, overrides.getOrDefault(name, fallback)));
    }
    RecurrentLayerModel.GateSite cellSite = lstm
        ? new RecurrentLayerModel.GateSite(GateName.CELL, -1, overrides.getOrDefault(GateName.CELL, tanh)) : null;
    boolean gateNoise = sites.stream().anyMatch(g -> g.activation().hasNoise());
    boolean cellNoise = cellSite != null && cellSite.activation().hasNoise();
    int gateSite = gateNoise ? site : -1;
    int cellNoiseSite = cellNoise ? site + (gateNoise ? 1 : 0) : -1;
    int steps = input == null ? 1 : Math.max(1, input.steps());
    return new RecurrentLayerModel(method.getSimpleName().toString(), index, cell, inputs, values.units(), steps,
        input != null && input.variableLength(), values.output(), sites, cellSite, gateSite, cellNoiseSite);
  }

  /**
   * The function of every sigmoid (or tanh) site under the layer's {@code functions}. The caller
   * checks the noise of NOISY once for the layer.
   */
  private static ActivationModel siteDefault(RecurrentValues values, boolean sigmoid) {
    NoiseValues noise = values.noise();
    return switch (values.functions()) {
      case SOFT -> new ActivationModel(sigmoid ? Fn.SIGMOID : Fn.TANH, NoiseVariant.NONE, 1.0, 0.0, false);
      case HARD -> new ActivationModel(sigmoid ? Fn.HARD_SIGMOID : Fn.HARD_TANH, NoiseVariant.NONE, 1.0, 0.0, false);
      case NOISY -> new ActivationModel(sigmoid ? Fn.HARD_SIGMOID : Fn.HARD_TANH, noise.variant(), noise.alpha(),
          noise.c(), noise.learnP());
    };
  }

  private DenseLayerModel denseLayer(ExecutableElement method, int index, int inputs, int site,
      boolean last, Loss loss, boolean perStep) {
    Dense dense = method.getAnnotation(Dense.class);
    AnnotationMirror denseMirror = AnnotationSites.mirror(method, Dense.class);
    checkSize(method, denseMirror, dense.value());
    if (!(dense.gain() > 0 && dense.gain() <= Limits.MAX_GAIN)) {
      reporter.error(Diagnostic.INVALID_GAIN, method, denseMirror,
          AnnotationSites.value(denseMirror, "gain"), dense.gain(), method.getSimpleName(), Limits.MAX_GAIN);
    } else if (dense.init() == Init.PYTORCH_DEFAULT && dense.gain() != 1.0) {
      reporter.error(Diagnostic.GAIN_UNUSED, method, denseMirror,
          AnnotationSites.value(denseMirror, "gain"), dense.gain(), method.getSimpleName());
    }
    if (!(Math.abs(dense.biasShift()) <= Limits.MAX_BIAS_SHIFT)) {
      reporter.error(Diagnostic.INVALID_BIAS_SHIFT, method, denseMirror,
          AnnotationSites.value(denseMirror, "biasShift"), dense.biasShift(), method.getSimpleName(),
          Limits.MAX_BIAS_SHIFT);
    }
    ActivationModel activation = activation(method, last);
    if (last && activation.fn() == Fn.SOFTMAX && dense.value() == 1 && loss != Loss.SOFTMAX_CROSS_ENTROPY) {
      AnnotationMirror am = AnnotationSites.mirror(method, Activation.class);
      reporter.error(Diagnostic.SOFTMAX_ONE_UNIT, method, am, AnnotationSites.value(am, "value"),
          method.getSimpleName());
    }
    if (last && loss == Loss.SOFTMAX_CROSS_ENTROPY) {
      AnnotationMirror am = AnnotationSites.mirror(method, Activation.class);
      if (activation.fn() != Fn.IDENTITY && activation.fn() != Fn.SOFTMAX) {
        reporter.error(Diagnostic.LOSS_OUTPUT_MISMATCH, method, am, AnnotationSites.value(am, "value"),
            method.getSimpleName(), activation.fn());
      }
      if (dense.value() == 1) {
        reporter.error(Diagnostic.TOO_FEW_CLASSES, method, denseMirror,
            AnnotationSites.value(denseMirror, "value"), method.getSimpleName(), dense.value());
      }
    }
    int noiseSite = activation.hasNoise() ? site : -1;
    return new DenseLayerModel(method.getSimpleName().toString(), index, inputs, dense.value(),
        dense.init(), dense.gain(), dense.biasShift(), activation, noiseSite, perStep);
  }

  private ActivationModel activation(ExecutableElement method, boolean last) {
    Activation activation = method.getAnnotation(Activation.class);
    if (activation == null) {
      return ActivationModel.IDENTITY;
    }
    AnnotationMirror mirror = AnnotationSites.mirror(method, Activation.class);
    AnnotationMirror noiseMirror = AnnotationSites.nested(mirror, "noise");
    NoiseValues noise = NoiseValues.of(noiseMirror);
    Fn fn = activation.value();
    if (fn == Fn.SOFTMAX && !last) {
      reporter.error(Diagnostic.SOFTMAX_NOT_LAST, method, mirror, AnnotationSites.value(mirror, "value"),
          method.getSimpleName());
    }
    return checkedNoise(method, mirror, noiseMirror, AnnotationSites.value(mirror, "noise"), fn, noise, false);
  }

  /**
   * Checks {@code noise} on a site with function {@code fn} and returns the site's model.
   * Attributes inside {@code @Noise} are reported on the enclosing mirror: javac resolves nested
   * values to their own position in the source.
   *
   * @param noisyLayer whether the noise is the layer noise of {@code functions = NOISY}, which must
   *     name a variant: the layer asks for noise
   */
  private ActivationModel checkedNoise(ExecutableElement method, AnnotationMirror mirror,
      AnnotationMirror noiseMirror, javax.lang.model.element.AnnotationValue noiseValue, Fn fn, NoiseValues noise,
      boolean noisyLayer) {
    NoiseVariant variant = noise.variant();
    boolean hard = fn == Fn.HARD_SIGMOID || fn == Fn.HARD_TANH;
    if (variant != NoiseVariant.NONE && !hard) {
      reporter.error(Diagnostic.NOISE_ON_NON_SATURATING, method, mirror, noiseValue, variant, method.getSimpleName(), fn);
    }
    if (variant == NoiseVariant.NONE && noisyLayer) {
      reporter.error(Diagnostic.NOISE_WITHOUT_VARIANT, method, mirror, noiseValue, "functions = NOISY",
          method.getSimpleName());
    } else if (variant == NoiseVariant.NONE && AnnotationSites.value(noiseMirror, "c") != null) {
      reporter.error(Diagnostic.NOISE_WITHOUT_VARIANT, method, mirror, attributeOrWhole(noiseValue, noiseMirror, "c"),
          "c = " + noise.c(), method.getSimpleName());
    }
    if (!(noise.c() >= 0 && noise.c() <= Limits.MAX_NOISE_LEVEL)) {
      reporter.error(Diagnostic.INVALID_NOISE_LEVEL, method, mirror,
          attributeOrWhole(noiseValue, noiseMirror, "c"), noise.c(), method.getSimpleName(), Limits.MAX_NOISE_LEVEL);
    }
    if (!(noise.alpha() > 0 && noise.alpha() <= Limits.MAX_ALPHA)) {
      reporter.error(Diagnostic.INVALID_ALPHA, method, mirror,
          attributeOrWhole(noiseValue, noiseMirror, "alpha"), noise.alpha(), method.getSimpleName(), Limits.MAX_ALPHA);
    } else if (noise.alpha() != 1.0 && variant != NoiseVariant.NAN && variant != NoiseVariant.NAH) {
      reporter.error(Diagnostic.UNUSED_ALPHA, method, mirror,
          attributeOrWhole(noiseValue, noiseMirror, "alpha"), noise.alpha(), method.getSimpleName(), variant);
    }
    ActivationModel model = new ActivationModel(fn, variant, noise.alpha(), noise.c(), noise.learnP());
    if (!noise.learnP() && !model.hasP()) {
      reporter.error(Diagnostic.UNUSED_P, method, mirror,
          attributeOrWhole(noiseValue, noiseMirror, "learnP"), method.getSimpleName(), variant);
    }
    return model;
  }

  private static javax.lang.model.element.AnnotationValue attributeOrWhole(
      javax.lang.model.element.AnnotationValue whole, AnnotationMirror nested, String attribute) {
    javax.lang.model.element.AnnotationValue v = AnnotationSites.value(nested, attribute);
    return v != null ? v : whole;
  }

  private void checkSignature(ExecutableElement method) {
    if (!method.getParameters().isEmpty()) {
      reporter.error(Diagnostic.LAYER_HAS_PARAMETERS, method.getParameters().get(0), null, null,
          method.getSimpleName(), method.getParameters().size());
    }
    if (method.getReturnType().getKind() != TypeKind.VOID) {
      reporter.error(Diagnostic.LAYER_NOT_VOID, method, null, null,
          method.getSimpleName(), method.getReturnType());
    }
  }

  private void checkSize(ExecutableElement method, AnnotationMirror mirror, int size) {
    if (size <= 0) {
      reporter.error(Diagnostic.NON_POSITIVE_SIZE, method, mirror,
          AnnotationSites.value(mirror, "value"), method.getSimpleName(), size);
    }
  }

  /** Two layers must not derive the same generated member name (e.g. {@code a} + {@code WeightGrad}). */
  private void checkNameClashes(InputModel input, ExecutableElement inputMethod, List<LayerModel> layers,
      List<ExecutableElement> layerMethods) {
    Map<String, ExecutableElement> owners = new HashMap<>();
    List<ExecutableElement> all = new ArrayList<>(layerMethods);
    if (inputMethod != null) {
      all.add(0, inputMethod);
    }
    for (int i = 0; i < all.size(); i++) {
      ExecutableElement method = all.get(i);
      String name = method.getSimpleName().toString();
      int layer = inputMethod != null ? i - 1 : i;
      List<String> members = layer < 0 ? GeneratedMembers.of(input)
          : GeneratedMembers.of(layers.get(layer));
      for (String member : members) {
        ExecutableElement other = owners.putIfAbsent(member, method);
        if (other != null && other != method) {
          reporter.error(Diagnostic.NAME_CLASH, method, null, null,
              other.getSimpleName(), name, member);
          return;
        }
      }
    }
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
