package dev.dither.processor;

/**
 * Every message the processor can emit. The ID in brackets is stable across releases, so users
 * can search for it and tests can assert on it; the text may be reworded.
 */
public enum Diagnostic {
  NOT_AN_INTERFACE("DitherNotInterface",
      "@Network must annotate an interface, but %s is a %s",
      "declare the network as 'interface %s { ... }'"),
  NO_INPUT("DitherNoInput",
      "network %s declares no @Input method",
      "add a method such as '@Input(16) void features();' before the first layer"),
  SEVERAL_INPUTS("DitherSeveralInputs",
      "network %s declares a second @Input method, %s(); exactly one is allowed",
      null),
  INPUT_NOT_FIRST("DitherInputNotFirst",
      "@Input %s() must be declared before every layer",
      "move it above the first @Dense method"),
  NO_LAYERS("DitherNoLayers",
      "network %s declares no layer after its @Input",
      "add at least one @Dense method"),
  NON_POSITIVE_SIZE("DitherNonPositiveSize",
      "%s() declares %d units; the size must be positive",
      null),
  LAYER_HAS_PARAMETERS("DitherLayerParameters",
      "layer method %s() must have no parameters, but has %d",
      "a layer method only names the layer; the generated class provides the data entry points"),
  LAYER_NOT_VOID("DitherLayerNotVoid",
      "layer method %s() must return void, not %s",
      null),
  NOT_A_LAYER("DitherNotALayer",
      "abstract method %s() is not a layer: annotate it with @Input or @Dense, or make it default",
      null),
  CONFLICTING_LAYER_ANNOTATIONS("DitherConflictingLayer",
      "%s() is annotated with both @%s and @%s; a method declares one layer",
      null),
  ACTIVATION_WITHOUT_LAYER("DitherActivationWithoutLayer",
      "@Activation on %s() needs a @Dense layer on the same method",
      null),
  NOISE_ON_NON_SATURATING("DitherNoiseNotHard",
      "noise %s on %s() needs a hard-saturating function, but the activation is %s",
      "noisy activations (Gulcehre et al. 2016) are defined for HARD_SIGMOID and HARD_TANH"),
  INVALID_NOISE_LEVEL("DitherNoiseLevel",
      "noise level c = %s on %s() must be finite and non-negative, at most %s",
      null),
  NOISE_WITHOUT_VARIANT("DitherNoiseWithoutVariant",
      "%s on %s() names no noise variant, so the layer would get no noise",
      "add a variant such as 'variant = NoiseVariant.NAH', or remove the noise"),
  INVALID_ALPHA("DitherNoiseAlpha",
      "alpha = %s on %s() must be finite and positive, at most %s",
      "the paper uses values near 1, e.g. 1.15"),
  UNUSED_ALPHA("DitherUnusedAlpha",
      "alpha = %s on %s() has no effect with %s; only NAN and NAH use alpha",
      "remove 'alpha' or choose NAN or NAH"),
  UNUSED_P("DitherUnusedP",
      "learnP = false on %s() has no effect with %s, which has no parameter p",
      "only NAN, NAH and NANIL learn p"),
  INVALID_GAIN("DitherGain",
      "gain = %s on %s() must be finite and positive, at most %s",
      null),
  GAIN_UNUSED("DitherUnusedGain",
      "gain = %s on %s() has no effect with PYTORCH_DEFAULT initialisation",
      "choose GLOROT_UNIFORM or ORTHOGONAL, or remove 'gain'"),
  INVALID_BIAS_SHIFT("DitherBiasShift",
      "biasShift = %s on %s() must be finite, at most %s in magnitude",
      "a larger shift makes every loss overflow to NaN; a shift of 10 already saturates every hard unit"),
  SOFTMAX_NOT_LAST("DitherSoftmaxNotLast",
      "SOFTMAX on %s() is only allowed on the last layer",
      null),
  SOFTMAX_ONE_UNIT("DitherSoftmaxOneUnit",
      "SOFTMAX on %s() with one unit always outputs 1",
      "use SIGMOID for a single output, or give the layer at least 2 units"),
  LOSS_OUTPUT_MISMATCH("DitherLossOutput",
      "SOFTMAX_CROSS_ENTROPY needs logits from the last layer %s(), but its activation is %s",
      "remove the @Activation of the last layer (the loss applies softmax) or declare SOFTMAX"),
  TOO_FEW_CLASSES("DitherTooFewClasses",
      "SOFTMAX_CROSS_ENTROPY needs at least 2 output units, but %s() has %d",
      null),
  INVALID_CLASS_NAME("DitherClassName",
      "generated class name '%s' is not a valid Java class name",
      "Java keywords and the restricted identifiers var, yield, record, sealed and permits cannot name a class"),
  DOLLAR_IN_NAME("DitherDollarInName",
      "the name '%s' contains '$', which Dither reserves for the code it generates",
      "the JLS (3.8) reserves '$' for mechanically generated code; rename it"),
  NAME_TOO_LONG("DitherNameTooLong",
      "the generated class name starting with '%s' has %d characters; at most %d are supported",
      "file systems limit a file name to 255 bytes; choose a shorter @Network(name = ...)"),
  CLASS_EXISTS("DitherClassExists",
      "network %s would generate %s, which another network or class in this compilation already defines",
      "give one of them a different @Network(name = ...)"),
  NAME_CLASH("DitherNameClash",
      "layers %s() and %s() would both generate the member '%s'",
      "rename one of the layers"),
  TOO_LARGE("DitherTooLarge",
      "%s() needs %s = %d elements for %s, more than a Java array can hold",
      null),
  TOO_MANY_LAYERS("DitherTooManyLayers",
      "network %s declares %d layers; at most %d are supported",
      "the generated class must stay within the JVM's limits on method and class size"),
  INHERITED_LAYER("DitherInheritedLayer",
      "network %s inherits the layer method %s() from %s; layers must be declared in the @Network interface itself",
      "declaration order defines the network, and it is only defined within one interface"),
  RECURRENT_NEEDS_SEQUENCE("DitherRecurrentNeedsSequence",
      "%s() is recurrent and needs a sequence, but its input %s() gives one vector per example",
      "put @Sequence on the input, or give the previous recurrent layer output = SequenceOutput.ALL"),
  OUTPUT_NOT_DENSE("DitherOutputNotDense",
      "the last layer %s() must be @Dense: the loss reads a dense layer's output",
      "add a @Dense output layer after it"),
  SEQUENCE_NOT_ON_INPUT("DitherSequenceNotOnInput",
      "@Sequence on %s() belongs on the @Input or @Embedding method",
      null),
  GATE_NOT_IN_CELL("DitherGateNotInCell",
      "%s() is %s, which has no %s site; its sites are %s",
      null),
  GATE_FUNCTION_MISMATCH("DitherGateFunction",
      "the %s site of %s() is a %s, so it takes %s, not %s",
      null),
  DUPLICATE_GATE("DitherDuplicateGate",
      "%s() overrides the %s site twice",
      null),
  UNUSED_NOISE("DitherUnusedNoise",
      "noise on %s() has no effect with functions = %s; only NOISY applies the layer's noise",
      "set functions = GateFunctions.NOISY, or give single sites noise with @Gate"),
  INTERNAL_ERROR("DitherInternalError",
      "internal error while processing %s: %s",
      "this is a bug in Dither; please report it with the network description");

  private final String id;
  private final String format;
  private final String hint;

  Diagnostic(String id, String format, String hint) {
    this.id = id;
    this.format = format;
    this.hint = hint;
  }

  /** The stable identifier, e.g. {@code DitherNonPositiveSize}. */
  public String id() {
    return id;
  }

  /** The full message: {@code [ID] text} followed by the hint, if any. */
  public String format(Object... args) {
    String text = "[" + id + "] " + String.format(format, args);
    return hint == null ? text : text + " (hint: " + String.format(hint, args) + ")";
  }
}
