package dev.dither.processor.writer;

import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.LayerModel;
import java.util.Locale;

/**
 * Member names derived from a layer's name: {@code hidden} gives {@code hiddenWeight},
 * {@code hiddenPre}, {@code hiddenLinear()}, ... so that the generated code reads in the
 * user's own vocabulary. The validator rejects layer names whose members would clash.
 */
final class Names {
  private Names() {}

  static String weight(DenseLayerModel l) { return l.name() + "Weight"; }
  static String bias(DenseLayerModel l) { return l.name() + "Bias"; }
  static String p(DenseLayerModel l) { return l.name() + "P"; }
  static String weightGrad(DenseLayerModel l) { return l.name() + "WeightGrad"; }
  static String biasGrad(DenseLayerModel l) { return l.name() + "BiasGrad"; }
  static String pGrad(DenseLayerModel l) { return l.name() + "PGrad"; }
  /** Pre-activations z, {@code [batch][units]}. */
  static String pre(DenseLayerModel l) { return l.name() + "Pre"; }
  /** Activations; the pre-activation buffer itself for a linear layer. */
  static String out(DenseLayerModel l) {
    return l.activation().fn() == dev.dither.Fn.IDENTITY ? pre(l) : l.name() + "Out";
  }
  /** dL/d(activation), turned in place into dL/dz by the activation's backward pass. */
  static String delta(DenseLayerModel l) { return l.name() + "Delta"; }
  static String xi(DenseLayerModel l) { return l.name() + "Xi"; }
  static String level(DenseLayerModel l) { return l.name() + "Level"; }
  static String schedule(DenseLayerModel l) { return l.name() + "Schedule"; }
  static String linear(DenseLayerModel l) { return l.name() + "Linear"; }
  static String activate(DenseLayerModel l) { return l.name() + "Activate"; }
  static String activateBackward(DenseLayerModel l) { return l.name() + "ActivateBackward"; }
  static String gradients(DenseLayerModel l) { return l.name() + "Gradients"; }
  static String propagate(DenseLayerModel l) { return l.name() + "Propagate"; }
  static String initialize(LayerModel l) { return l.name() + "Initialize"; }

  /** {@code hidden} gives {@code HIDDEN_UNITS}: the constant holding the layer's width. */
  static String units(LayerModel l) {
    return constant(l.name()) + "_UNITS";
  }

  static String constant(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
