package dev.dither.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad network per validation rule, from {@code src/test/resources/bad/}: each must fail
 * with the rule's stable ID and message at the exact line of the element or annotation
 * attribute at fault, and must generate nothing. Inputs put the offending attribute on a line
 * of its own, so that the line proves the error points at the attribute and not at the method.
 */
class ValidationErrorsTest {

  /**
   * @param rule the diagnostic under test
   * @param file the input, {@code bad/<file>.java}
   * @param id the stable ID as users see it; written out so that renaming an ID fails a test
   * @param message the start of the message after the ID
   * @param line the line the error must point at
   * @param errors the number of errors the compilation reports in total
   */
  record Case(Diagnostic rule, String file, String id, String message, int line, int errors) {
    @Override
    public String toString() {
      return rule + " (" + file + ")";
    }
  }

  static List<Case> cases() {
    return List.of(
        new Case(Diagnostic.NOT_AN_INTERFACE, "NotAnInterface", "DitherNotInterface",
            "@Network must annotate an interface, but NotAnInterface is a class", 5, 1),
        new Case(Diagnostic.NO_INPUT, "NoInput", "DitherNoInput",
            "network NoInput declares no @Input method", 5, 1),
        new Case(Diagnostic.SEVERAL_INPUTS, "SeveralInputs", "DitherSeveralInputs",
            "network SeveralInputs declares a second @Input method, moreFeatures()", 8, 1),
        new Case(Diagnostic.INPUT_NOT_FIRST, "InputNotFirst", "DitherInputNotFirst",
            "@Input features() must be declared before every layer", 8, 1),
        new Case(Diagnostic.NO_LAYERS, "NoLayers", "DitherNoLayers",
            "network NoLayers declares no layer after its @Input", 5, 1),
        new Case(Diagnostic.NON_POSITIVE_SIZE, "NonPositiveInputSize", "DitherNonPositiveSize",
            "features() declares 0 units; the size must be positive", 8, 1),
        new Case(Diagnostic.NON_POSITIVE_SIZE, "NonPositiveDenseSize", "DitherNonPositiveSize",
            "hidden() declares -3 units; the size must be positive", 10, 1),
        new Case(Diagnostic.LAYER_HAS_PARAMETERS, "LayerHasParameters", "DitherLayerParameters",
            "layer method hidden() must have no parameters, but has 2", 11, 1),
        new Case(Diagnostic.LAYER_NOT_VOID, "LayerNotVoid", "DitherLayerNotVoid",
            "layer method hidden() must return void, not float[]", 11, 1),
        new Case(Diagnostic.NOT_A_LAYER, "NotALayer", "DitherNotALayer",
            "abstract method forgotten() is not a layer", 11, 1),
        // The method is skipped, so the network also has no @Input: two errors.
        new Case(Diagnostic.CONFLICTING_LAYER_ANNOTATIONS, "ConflictingLayerAnnotations",
            "DitherConflictingLayer", "features() is annotated with both @Input and @Dense", 8, 2),
        new Case(Diagnostic.ACTIVATION_WITHOUT_LAYER, "ActivationWithoutLayer",
            "DitherActivationWithoutLayer", "@Activation on helper() needs a @Dense layer", 11, 1),
        // A method declares one layer: a second one is reported, not silently ignored.
        new Case(Diagnostic.CONFLICTING_LAYER_ANNOTATIONS, "ConflictingRecurrentLayers",
            "DitherConflictingLayer", "rnn() is annotated with both @Lstm and @Gru", 10, 1),
        // Recurrent sites take their functions from the cell, never from @Activation.
        new Case(Diagnostic.ACTIVATION_WITHOUT_LAYER, "ActivationOnRecurrent",
            "DitherActivationWithoutLayer", "@Activation on rnn() needs a @Dense layer", 10, 1),
        new Case(Diagnostic.NOISE_ON_NON_SATURATING, "NoiseOnNonSaturating", "DitherNoiseNotHard",
            "noise NAN on hidden() needs a hard-saturating function, but the activation is TANH", 12, 1),
        new Case(Diagnostic.INVALID_NOISE_LEVEL, "InvalidNoiseLevel", "DitherNoiseLevel",
            "noise level c = -1.0 on hidden() must be finite and non-negative", 12, 1),
        new Case(Diagnostic.INVALID_ALPHA, "InvalidAlpha", "DitherNoiseAlpha",
            "alpha = Infinity on hidden() must be finite", 12, 1),
        new Case(Diagnostic.UNUSED_ALPHA, "UnusedAlpha", "DitherUnusedAlpha",
            "alpha = 0.9 on hidden() has no effect with NANIS", 12, 1),
        new Case(Diagnostic.UNUSED_P, "UnusedP", "DitherUnusedP",
            "learnP = false on hidden() has no effect with NANIS", 12, 1),
        new Case(Diagnostic.INVALID_GAIN, "InvalidGain", "DitherGain",
            "gain = -1.0 on hidden() must be finite and positive", 12, 1),
        new Case(Diagnostic.GAIN_UNUSED, "GainUnused", "DitherUnusedGain",
            "gain = 2.0 on hidden() has no effect with PYTORCH_DEFAULT initialisation", 11, 1),
        new Case(Diagnostic.INVALID_BIAS_SHIFT, "InvalidBiasShift", "DitherBiasShift",
            "biasShift = NaN on hidden() must be finite", 11, 1),
        new Case(Diagnostic.SOFTMAX_NOT_LAST, "SoftmaxNotLast", "DitherSoftmaxNotLast",
            "SOFTMAX on hidden() is only allowed on the last layer", 11, 1),
        new Case(Diagnostic.LOSS_OUTPUT_MISMATCH, "LossOutputMismatch", "DitherLossOutput",
            "SOFTMAX_CROSS_ENTROPY needs logits from the last layer logits(), but its activation is SIGMOID",
            13, 1),
        new Case(Diagnostic.TOO_FEW_CLASSES, "TooFewClasses", "DitherTooFewClasses",
            "SOFTMAX_CROSS_ENTROPY needs at least 2 output units, but logits() has 1", 12, 1),
        new Case(Diagnostic.INVALID_CLASS_NAME, "InvalidClassName", "DitherClassName",
            "generated class name 'My-Model' is not a valid Java class name", 7, 1),
        // Not a keyword, but a restricted identifier: javac refuses it as a class name.
        new Case(Diagnostic.INVALID_CLASS_NAME, "RestrictedClassName", "DitherClassName",
            "generated class name 'record' is not a valid Java class name", 6, 1),
        new Case(Diagnostic.NAME_TOO_LONG, "NameTooLong", "DitherNameTooLong",
            "the generated class name starting with '" + "N".repeat(40) + "' has 300 characters; at most 200 are supported",
            6, 1),
        new Case(Diagnostic.DOLLAR_IN_NAME, "DollarInName", "DitherDollarInName",
            "the name 'a$b' contains '$', which Dither reserves for the code it generates", 10, 1),
        new Case(Diagnostic.TOO_MANY_LAYERS, "TooManyLayers", "DitherTooManyLayers",
            "network TooManyLayers declares 101 layers; at most 100 are supported", 5, 1),
        // The inherited @Input is reported as such, not as a missing input.
        new Case(Diagnostic.INHERITED_LAYER, "InheritedLayer", "DitherInheritedLayer",
            "network InheritedLayer inherits the layer method features() from bad.Features", 9, 2),
        new Case(Diagnostic.NOISE_WITHOUT_VARIANT, "NoiseLevelWithoutVariant", "DitherNoiseWithoutVariant",
            "c = 0.7 on hidden() names no noise variant, so the layer would get no noise", 11, 1),
        new Case(Diagnostic.NOISE_WITHOUT_VARIANT, "NoisyLayerWithoutVariant", "DitherNoiseWithoutVariant",
            "functions = NOISY on rnn() names no noise variant, so the layer would get no noise", 10, 1),
        new Case(Diagnostic.INVALID_ALPHA, "NegativeAlpha", "DitherNoiseAlpha",
            "alpha = -1.15 on hidden() must be finite and positive, at most 100.0", 11, 1),
        // Finite, but past a float: the folded constant printed as 'Infinityf'.
        new Case(Diagnostic.INVALID_ALPHA, "HugeAlpha", "DitherNoiseAlpha",
            "alpha = 1.0E39 on hidden() must be finite and positive, at most 100.0", 11, 1),
        new Case(Diagnostic.INVALID_BIAS_SHIFT, "HugeBiasShift", "DitherBiasShift",
            "biasShift = 1.7976931348623157E308 on hidden() must be finite, at most 10000.0 in magnitude", 10, 1),
        new Case(Diagnostic.SOFTMAX_ONE_UNIT, "SoftmaxOneUnit", "DitherSoftmaxOneUnit",
            "SOFTMAX on out() with one unit always outputs 1", 11, 1),
        // hidden() and Hidden() both give the constant HIDDEN_UNITS.
        new Case(Diagnostic.NAME_CLASH, "NameClash", "DitherNameClash",
            "layers hidden() and Hidden() would both generate the member 'HIDDEN_UNITS'", 11, 1),
        // Overloads share every member; the parameter is reported too.
        new Case(Diagnostic.NAME_CLASH, "NameClashOverload", "DitherNameClash",
            "layers hidden() and hidden() would both generate the member 'hiddenWeight'", 11, 2),
        new Case(Diagnostic.CLASS_EXISTS, "ClassExists", "DitherClassExists",
            "network bad.ClassExists would generate bad.Taken", 8, 1),
        new Case(Diagnostic.TOO_LARGE, "TooLarge", "DitherTooLarge",
            "hidden() needs 65536 x 65536 = 4294967296 elements for its weights, more than a Java array can hold",
            10, 1),
        // One size check covers every array of every layer kind.
        new Case(Diagnostic.TOO_LARGE, "LstmTooLarge", "DitherTooLarge",
            "rnn() needs 23171 x 4 x 23171 = 2147580964 elements for its recurrent weights", 10, 1),
        new Case(Diagnostic.TOO_LARGE, "HugeLstm", "DitherTooLarge",
            "rnn() needs 1 x 4 x 600000000 = 2400000000 elements for its input weights", 10, 1),
        new Case(Diagnostic.TOO_LARGE, "EmbeddingTooLarge", "DitherTooLarge",
            "tokens() needs 46341 x 46341 = 2147488281 elements for its embedding weights", 7, 1),
        new Case(Diagnostic.TOO_LARGE, "SequenceTooLong", "DitherTooLarge",
            "features() needs 65536 x 32768 = 2147483648 elements for the input of one example", 8, 1),
        new Case(Diagnostic.TOO_LARGE, "PerStepOutputTooLarge", "DitherTooLarge",
            "out() needs 100000 x 30000 = 3000000000 elements for the outputs of one example", 12, 1),
        new Case(Diagnostic.RECURRENT_NEEDS_SEQUENCE, "RecurrentNeedsSequence", "DitherRecurrentNeedsSequence",
            "rnn() is recurrent and needs a sequence, but its input features() gives one vector per example",
            9, 1),
        // A recurrent layer after one with output = LAST (the default) gets one vector per example too.
        new Case(Diagnostic.RECURRENT_NEEDS_SEQUENCE, "RecurrentAfterLastOutput", "DitherRecurrentNeedsSequence",
            "decoder() is recurrent and needs a sequence, but its input encoder() gives one vector per example",
            11, 1),
        new Case(Diagnostic.OUTPUT_NOT_DENSE, "OutputNotDense", "DitherOutputNotDense",
            "the last layer rnn() must be @Dense: the loss reads a dense layer's output", 10, 1),
        new Case(Diagnostic.SEQUENCE_NOT_ON_INPUT, "SequenceNotOnInput", "DitherSequenceNotOnInput",
            "@Sequence on hidden() belongs on the @Input or @Embedding method", 10, 1),
        new Case(Diagnostic.GATE_NOT_IN_CELL, "GateNotInCell", "DitherGateNotInCell",
            "rnn() is LSTM, which has no RESET site; its sites are [INPUT, FORGET, CANDIDATE, OUTPUT, CELL]",
            11, 1),
        new Case(Diagnostic.GATE_FUNCTION_MISMATCH, "GateFunctionMismatch", "DitherGateFunction",
            "the UPDATE site of rnn() is a sigmoid, so it takes [SIGMOID, HARD_SIGMOID], not TANH", 12, 1),
        new Case(Diagnostic.UNUSED_NOISE, "UnusedRecurrentNoise", "DitherUnusedNoise",
            "noise on rnn() has no effect with functions = HARD", 11, 1),
        // The second override of the site is reported, at its own value.
        new Case(Diagnostic.DUPLICATE_GATE, "DuplicateGate", "DitherDuplicateGate",
            "rnn() overrides the FORGET site twice", 12, 1),
        // Recurrent layers go through the same noise and size rules as dense ones.
        new Case(Diagnostic.NOISE_ON_NON_SATURATING, "NoiseOnNonSaturatingGate", "DitherNoiseNotHard",
            "noise NAH on rnn() needs a hard-saturating function, but the activation is TANH", 11, 1),
        // The layer's noise applies to sigmoid and tanh sites alike, but is reported once.
        new Case(Diagnostic.INVALID_NOISE_LEVEL, "InvalidLstmNoiseLevel", "DitherNoiseLevel",
            "noise level c = -1.0 on rnn() must be finite and non-negative", 11, 1),
        new Case(Diagnostic.INVALID_ALPHA, "InvalidGateAlpha", "DitherNoiseAlpha",
            "alpha = NaN on rnn() must be finite", 12, 1),
        new Case(Diagnostic.NON_POSITIVE_SIZE, "NonPositiveSequence", "DitherNonPositiveSize",
            "features() declares 0 units; the size must be positive", 9, 1),
        new Case(Diagnostic.NON_POSITIVE_SIZE, "NonPositiveVocabulary", "DitherNonPositiveSize",
            "tokens() declares 0 units; the size must be positive", 8, 1),
        new Case(Diagnostic.NON_POSITIVE_SIZE, "NonPositiveLstmSize", "DitherNonPositiveSize",
            "rnn() declares 0 units; the size must be positive", 10, 1));
  }

  private static Compilation compile(InterceptingProcessor processor, JavaFileObject... files) {
    return javac().withProcessors(processor).compile(files);
  }

  private static Compilation compile(JavaFileObject... files) {
    return compile(new InterceptingProcessor(), files);
  }

  private static JavaFileObject bad(String name) {
    return JavaFileObjects.forResource("bad/" + name + ".java");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleReportsItsIdAndMessageAtTheFaultyLine(Case c) {
    assertThat(c.id()).isEqualTo(c.rule().id());
    JavaFileObject file = bad(c.file());
    InterceptingProcessor processor = new InterceptingProcessor();

    Compilation compilation = compile(processor, file);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(c.errors());
    assertThat(compilation).hadErrorContaining("[" + c.id() + "] " + c.message())
        .inFile(file)
        .onLine(c.line());
    assertWithMessage("files created for %s", c.file()).that(processor.createdNames()).isEmpty();
  }

  @Test
  void everyRuleHasACase() {
    Set<Diagnostic> covered = cases().stream().map(Case::rule)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Diagnostic.class)));
    Set<Diagnostic> expected = EnumSet.complementOf(EnumSet.of(Diagnostic.INTERNAL_ERROR));
    assertThat(covered).containsExactlyElementsIn(expected);
  }

  @Test
  void hintFollowsTheMessage() {
    JavaFileObject file = bad("NoLayers");
    assertThat(compile(file)).hadErrorContaining(
        "[DitherNoLayers] network NoLayers declares no layer after its @Input"
            + " (hint: add at least one @Dense method)").inFile(file).onLine(5);
  }

  @Test
  void oneCompilationReportsEveryErrorOfANetwork() {
    JavaFileObject file = bad("SeveralErrors");
    InterceptingProcessor processor = new InterceptingProcessor();

    Compilation compilation = compile(processor, file);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[DitherClassName] generated class name 'class'")
        .inFile(file).onLine(7);
    assertThat(compilation).hadErrorContaining("[DitherNonPositiveSize] features() declares -4 units")
        .inFile(file).onLine(10);
    assertThat(compilation).hadErrorContaining("[DitherGain] gain = 0.0 on hidden()")
        .inFile(file).onLine(16);
    assertThat(compilation).hadErrorContaining("[DitherUnusedAlpha] alpha = 0.5 on hidden() has no effect with NANI;")
        .inFile(file).onLine(19);
    assertThat(compilation).hadErrorContaining("[DitherNoiseLevel] noise level c = NaN on hidden()")
        .inFile(file).onLine(20);
    assertThat(compilation).hadErrorContaining("[DitherSoftmaxNotLast] SOFTMAX on squashed()")
        .inFile(file).onLine(25);
    assertThat(compilation).hadErrorContaining("[DitherNotALayer] abstract method forgotten()")
        .inFile(file).onLine(28);
    assertThat(compilation).hadErrorContaining("[DitherTooFewClasses] SOFTMAX_CROSS_ENTROPY needs at least 2 output units, but logits() has 1")
        .inFile(file).onLine(31);
    assertThat(compilation).hadErrorContaining("[DitherLossOutput] SOFTMAX_CROSS_ENTROPY needs logits from the last layer logits(), but its activation is RELU")
        .inFile(file).onLine(33);
    assertThat(compilation).hadErrorCount(9);
    assertThat(processor.createdNames()).isEmpty();
  }

  @Test
  void badNetworkDoesNotStopAGoodOneInTheSameCompilation() {
    JavaFileObject bad = bad("SeveralErrors");
    JavaFileObject good = JavaFileObjects.forResource("good/ParityNet.java");
    InterceptingProcessor processor = new InterceptingProcessor();

    Compilation compilation = compile(processor, bad, good);

    assertThat(compilation).failed();
    assertThat(processor.createdNames()).containsExactly("dev.dither.samples.parity.ParityNetModel");
    for (javax.tools.Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertWithMessage("error outside the bad network: %s", error)
          .that(error.getSource()).isSameInstanceAs(bad);
    }
    assertThat(compilation).hadErrorCount(9);
  }

  /**
   * Without any mention of NoiseVariant in the compilation, javac 17 could not turn the default
   * {@code @Noise} of a plain {@code @Activation(Fn.X)} into an annotation proxy, which used to
   * end in DitherInternalError; the rules on such layers must still fire (and nothing else).
   */
  @Test
  void defaultNoiseIsReadWithoutAnyNoiseVariantInTheCompilation() {
    JavaFileObject file = JavaFileObjects.forSourceLines("test.PlainHard",
        "package test;",
        "import dev.dither.*;",
        "@Network",
        "interface PlainHard {",
        "  @Input(4) void features();",
        "  @Dense(8) @Activation(Fn.HARD_TANH) void hidden();",
        "  @Dense(8) @Activation(Fn.SOFTMAX) void squashed();",
        "  @Dense(2) void logits();",
        "}");

    Compilation compilation = compile(file);

    assertThat(compilation).hadErrorContaining("[DitherSoftmaxNotLast] SOFTMAX on squashed()")
        .inFile(file).onLine(7);
    assertThat(compilation).hadErrorCount(1);
  }
}
