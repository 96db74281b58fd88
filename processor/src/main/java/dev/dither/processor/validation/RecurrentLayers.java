package dev.dither.processor.validation;

import dev.dither.Fn;
import dev.dither.GateFunctions;
import dev.dither.GateName;
import dev.dither.Gru;
import dev.dither.Lstm;
import dev.dither.NoiseVariant;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/** The value checks of an {@code @Lstm} or {@code @Gru} layer and its gates, turning it into its model. */
final class RecurrentLayers {
  private final Reporter reporter;
  private final LayerValues layerValues;
  private final NoiseChecks noiseChecks;

  RecurrentLayers(Reporter reporter, LayerValues layerValues, NoiseChecks noiseChecks) {
    this.reporter = reporter;
    this.layerValues = layerValues;
    this.noiseChecks = noiseChecks;
  }

  RecurrentLayerModel recurrentLayer(ExecutableElement method, int index, int inputs, int site,
      boolean perStepInput, String from, InputModel input) {
    boolean lstm = method.getAnnotation(Lstm.class) != null;
    AnnotationMirror mirror = AnnotationSites.mirror(method, lstm ? Lstm.class : Gru.class);
    RecurrentValues values = RecurrentValues.of(mirror);
    layerValues.checkSize(method, mirror, values.units());
    if (values.noiseMirror() != null && values.functions() != GateFunctions.NOISY) {
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
    Map<GateName, ActivationModel> overrides = new EnumMap<>(GateName.class);
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
      overrides.put(name, noiseChecks.checkedNoise(method, mirror, noiseMirror, AnnotationSites.value(gate, "noise"),
          fn, NoiseValues.of(noiseMirror), false));
    }
    if (values.functions() == GateFunctions.NOISY) {
      // One check for the layer's noise, although it applies to both kinds of site.
      noiseChecks.checkedNoise(method, mirror, values.noiseMirror(), AnnotationSites.value(mirror, "noise"),
          Fn.HARD_SIGMOID, values.noise(), true);
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
}
