package dev.dither.processor.validation;

import dev.dither.Fn;
import dev.dither.GateFunctions;
import dev.dither.GateName;
import dev.dither.NoiseVariant;
import dev.dither.SequenceOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The attributes of an {@code @Lstm} or {@code @Gru}, read from the mirror with the declared
 * defaults in code, for the reason given in {@link NoiseValues}: javac cannot always build the
 * reflective proxy of an annotation whose defaults are enums or nested annotations.
 *
 * @param gates the {@code @Gate} overrides, as mirrors
 */
record RecurrentValues(int units, GateFunctions functions, NoiseValues noise, AnnotationMirror noiseMirror,
    List<AnnotationMirror> gates, SequenceOutput output) {

  /** The default of {@code @Lstm.noise()} and {@code @Gru.noise()}: the reference code's NAH. */
  static final NoiseValues DEFAULT_NOISE = new NoiseValues(NoiseVariant.NAH, 1.15, 0.5, true);

  static RecurrentValues of(AnnotationMirror mirror) {
    int units = 0;
    GateFunctions functions = GateFunctions.SOFT;
    AnnotationMirror noise = null;
    List<AnnotationMirror> gates = new ArrayList<>();
    SequenceOutput output = SequenceOutput.LAST;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      Object v = e.getValue().getValue();
      switch (e.getKey().getSimpleName().toString()) {
        case "value" -> units = v instanceof Integer i ? i : units;
        case "functions" -> functions = v instanceof VariableElement c ? GateFunctions.valueOf(c.getSimpleName().toString()) : functions;
        case "noise" -> noise = v instanceof AnnotationMirror m ? m : null;
        case "gates" -> {
          if (v instanceof List<?> list) {
            for (Object item : list) {
              if (item instanceof AnnotationValue av && av.getValue() instanceof AnnotationMirror m) {
                gates.add(m);
              }
            }
          }
        }
        case "output" -> output = v instanceof VariableElement c ? SequenceOutput.valueOf(c.getSimpleName().toString()) : output;
        default -> { }
      }
    }
    return new RecurrentValues(units, functions, noise == null ? DEFAULT_NOISE : NoiseValues.of(noise), noise, gates, output);
  }

  /** The site named by a {@code @Gate} mirror. */
  static GateName gate(AnnotationMirror gate) {
    Object v = AnnotationSites.value(gate, "value").getValue();
    return GateName.valueOf(((VariableElement) v).getSimpleName().toString());
  }

  /** The function of a {@code @Gate} mirror. */
  static Fn fn(AnnotationMirror gate) {
    Object v = AnnotationSites.value(gate, "fn").getValue();
    return Fn.valueOf(((VariableElement) v).getSimpleName().toString());
  }
}
