package dev.dither.processor.validation;

import dev.dither.NoiseVariant;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;

/**
 * The attributes of one {@code @Noise}, read from its mirror rather than through
 * {@code getAnnotation(Activation.class).noise()}. javac 17 cannot always build that reflective
 * proxy: the default {@code @Noise} of {@code Activation.noise()} comes from Activation's class
 * file, and in the first round its {@code NoiseVariant} default is still unresolved unless some
 * source in the compilation mentions {@code NoiseVariant}, so a plain {@code @Activation(Fn.RELU)}
 * threw {@code AnnotationTypeMismatchException}. Explicit values are written in source and are
 * always resolved; the others take the defaults declared in {@link dev.dither.Noise}.
 */
record NoiseValues(NoiseVariant variant, double alpha, double c, boolean learnP) {

  /** The defaults declared in {@link dev.dither.Noise}; NoiseValuesTest checks that they agree. */
  static final NoiseValues DEFAULT = new NoiseValues(NoiseVariant.NONE, 1.0, 0.5, true);

  /** The values of {@code noise}, the mirror of an explicit {@code @Noise}, or the defaults for null. */
  static NoiseValues of(AnnotationMirror noise) {
    if (noise == null) {
      return DEFAULT;
    }
    NoiseVariant variant = DEFAULT.variant;
    double alpha = DEFAULT.alpha;
    double c = DEFAULT.c;
    boolean learnP = DEFAULT.learnP;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e
        : noise.getElementValues().entrySet()) {
      Object v = e.getValue().getValue();
      switch (e.getKey().getSimpleName().toString()) {
        case "variant" -> {
          if (v instanceof VariableElement constant) {
            variant = NoiseVariant.valueOf(constant.getSimpleName().toString());
          }
        }
        case "alpha" -> alpha = v instanceof Number n ? n.doubleValue() : alpha;
        case "c" -> c = v instanceof Number n ? n.doubleValue() : c;
        case "learnP" -> learnP = v instanceof Boolean b ? b : learnP;
        default -> { }
      }
    }
    return new NoiseValues(variant, alpha, c, learnP);
  }
}
