package dev.dither.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import dev.dither.Fn;
import dev.dither.Loss;
import dev.dither.processor.model.NetworkModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed interfaces a generated class implements, so that generic code trains and serves any
 * model without reflection ({@code Trainable}, or {@code TokenTrainable} for token inputs and
 * {@code VariableLengthTrainable} for variable-length sequences, and the matching
 * {@code InferenceModel} of its view), and the {@code probabilities} entry point of softmax
 * networks.
 */
final class ServingWriter {
  private static final ClassName PROBABILITIES = ClassName.get(WriterContext.RUNTIME, "Probabilities");

  private final NetworkModel net;
  private final Scalar s;
  private final ClassName self;
  private final TypeName inputType;
  private final boolean tokens;
  private final boolean variableLength;
  private final boolean labels;

  ServingWriter(NetworkModel net, Scalar s, ClassName self, TypeName inputType) {
    this.net = net;
    this.s = s;
    this.self = self;
    this.inputType = inputType;
    this.tokens = net.input().isEmbedding();
    this.variableLength = net.input().variableLength();
    this.labels = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
  }

  private static ClassName runtime(String name) {
    return ClassName.get(WriterContext.RUNTIME, name);
  }

  /** {@code Trainable<float[], int[]>} and its token and variable-length analogues. */
  TypeName trainableInterface() {
    TypeName targets = labels ? ArrayTypeName.of(int.class) : s.array();
    if (variableLength) {
      return ParameterizedTypeName.get(runtime("VariableLengthTrainable"), inputType, s.array(), targets);
    }
    return tokens ? ParameterizedTypeName.get(runtime("TokenTrainable"), s.array(), targets)
        : ParameterizedTypeName.get(runtime("Trainable"), s.array(), targets);
  }

  private TypeName viewInterface() {
    if (variableLength) {
      return ParameterizedTypeName.get(runtime("VariableLengthInferenceModel"), inputType, s.array());
    }
    return ParameterizedTypeName.get(runtime(tokens ? "TokenInferenceModel" : "InferenceModel"), s.array());
  }

  /**
   * {@code probabilities(inputs, outputs)}: {@code infer}, then the softmax of each row, unless the
   * output layer is a softmax already.
   */
  MethodSpec probabilities(MethodSpec.Builder withInputs, String inputArgs) {
    withInputs.addModifiers(javax.lang.model.element.Modifier.PUBLIC)
        .addJavadoc("Class probabilities (evaluation mode): OUTPUT_SIZE values per example, each $L summing to 1.\n"
            + "The softmax of the logits {@code infer} writes, computed per row in double.\n",
            net.perStepOutput() ? "step's row" : "row")
        .addParameter(s.array(), "outputs");
    // Named here, so that a null is reported against probabilities rather than the infer it delegates to.
    for (String argument : (inputArgs + ", outputs").split(", ")) {
      withInputs.addCode(EntryPointWriter.notNull("probabilities", argument));
    }
    withInputs.addStatement("infer($L, outputs)", inputArgs);
    if (net.output().activation().fn() != Fn.SOFTMAX) {
      withInputs.addStatement("$T.softmaxRows(outputs, $L)", PROBABILITIES, Names.units(net.output()));
    }
    return withInputs.build();
  }

  InferenceViewWriter viewWriter(MethodSpec forward, Function<List<LayerWriter.Buffer>, MethodSpec> ensureCapacity,
      List<LayerWriter.Buffer> buffers, List<CodeBlock> parameterEntries, Map<String, CodeBlock> levels) {
    List<MethodSpec> missing = new ArrayList<>();
    if (!labels) {
      String why = "probabilities and classes need a network trained with SOFTMAX_CROSS_ENTROPY, this one uses "
          + net.loss();
      missing.add(InferenceViewWriter.unsupported("probabilities", inputs(s.array(), "outputs"), why));
      missing.add(InferenceViewWriter.unsupported("classify", inputs(ArrayTypeName.of(int.class), "classes"), why));
    }
    return new InferenceViewWriter(self, viewInterface(), missing, forward, ensureCapacity, buffers, parameterEntries,
        levels);
  }

  private List<ParameterSpec> inputs(TypeName outputType, String output) {
    List<ParameterSpec> p = new ArrayList<>();
    p.add(ParameterSpec.builder(inputType, "inputs").build());
    if (variableLength) {
      p.add(ParameterSpec.builder(int[].class, "lengths").build());
    }
    p.add(ParameterSpec.builder(outputType, output).build());
    return p;
  }
}
