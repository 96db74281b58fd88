package dev.dither.processor.validation;

import dev.dither.Fn;
import dev.dither.NoiseVariant;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.ActivationModel;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;

/** The checks of a {@code @Noise} value on one activation site (dense or gate). */
final class NoiseChecks {
  private final Reporter reporter;

  NoiseChecks(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Checks {@code noise} on a site with function {@code fn} and returns the site's model.
   * Attributes inside {@code @Noise} are reported on the enclosing mirror: javac resolves nested
   * values to their own position in the source.
   *
   * @param noisyLayer whether the noise is the layer noise of {@code functions = NOISY}, which must
   *     name a variant: the layer asks for noise
   */
  ActivationModel checkedNoise(ExecutableElement method, AnnotationMirror mirror,
      AnnotationMirror noiseMirror, AnnotationValue noiseValue, Fn fn, NoiseValues noise,
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

  private static AnnotationValue attributeOrWhole(AnnotationValue whole, AnnotationMirror nested, String attribute) {
    AnnotationValue v = AnnotationSites.value(nested, attribute);
    return v != null ? v : whole;
  }
}
