package dev.dither.processor.validation;

import dev.dither.Activation;
import dev.dither.Dense;
import dev.dither.Embedding;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Input;
import dev.dither.Loss;
import dev.dither.Sequence;
import dev.dither.processor.Diagnostic;
import dev.dither.processor.Reporter;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;

/**
 * The value checks of the input annotations ({@code @Input}, {@code @Embedding}, {@code @Sequence})
 * and of a dense layer ({@code @Dense}, {@code @Activation}), each turning one method into its model.
 */
final class LayerValues {
  private final Reporter reporter;
  private final NoiseChecks noiseChecks;

  LayerValues(Reporter reporter, NoiseChecks noiseChecks) {
    this.reporter = reporter;
    this.noiseChecks = noiseChecks;
  }

  InputModel input(ExecutableElement method, AnnotationMirror mirror) {
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

  DenseLayerModel denseLayer(ExecutableElement method, int index, int inputs, int site,
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
    return noiseChecks.checkedNoise(method, mirror, noiseMirror, AnnotationSites.value(mirror, "noise"), fn, noise,
        false);
  }

  /** A size attribute ({@code value}) must be positive; reported at that attribute of {@code mirror}. */
  void checkSize(ExecutableElement method, AnnotationMirror mirror, int size) {
    if (size <= 0) {
      reporter.error(Diagnostic.NON_POSITIVE_SIZE, method, mirror,
          AnnotationSites.value(mirror, "value"), method.getSimpleName(), size);
    }
  }
}
