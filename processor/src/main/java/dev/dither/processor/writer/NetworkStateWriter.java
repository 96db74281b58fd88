package dev.dither.processor.writer;

import static dev.dither.processor.writer.NetworkPlan.COUNTER_NOISE;
import static dev.dither.processor.writer.NetworkPlan.NOISE_SOURCE;
import static dev.dither.processor.writer.NetworkPlan.OPTIMIZER;
import static dev.dither.processor.writer.NetworkPlan.OPTIMIZERS;
import static dev.dither.processor.writer.NetworkPlan.PARAMETER_SET;
import static dev.dither.processor.writer.NetworkPlan.POLICY;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated class's mutable state: per-batch buffers, the training state fields, the constructor
 * that registers and initialises the parameters, and {@code ensureCapacity}, the only allocation after it.
 */
final class NetworkStateWriter {
  private final NetworkPlan plan;
  private final NetworkModel net;
  private final InputModel input;
  private final Scalar s;

  NetworkStateWriter(NetworkPlan plan) {
    this.plan = plan;
    this.net = plan.net;
    this.input = plan.input();
    this.s = plan.s;
  }

  /** Each per-batch buffer, empty until the first batch, and the one-row scratch of the dense loops. */
  void bufferFields(TypeSpec.Builder type) {
    for (LayerWriter.Buffer buffer : plan.buffers()) {
      type.addField(FieldSpec.builder(buffer.isRows() ? s.rows() : s.array(), buffer.name(), Modifier.PRIVATE)
          .initializer(buffer.isRows() ? "new $L[0][]" : "new $L[0]", s.name()).build());
    }
    int widest = net.denseLayers().stream().mapToInt(LayerModel::units).max().orElse(0);
    if (widest > 0) {
      type.addField(FieldSpec.builder(s.array(), DenseLayerWriter.SCRATCH, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("One weight or gradient row, so that dense loops index every array alike (see DenseLayerWriter).\n")
          .initializer("new $L[$L]", s.name(), widest).build());
      type.addField(FieldSpec.builder(s.rows(), DenseLayerWriter.SCRATCH_ROWS, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("Four weight rows for one example's product (see DenseLayerWriter).\n")
          .initializer("new $L[$L][$L]", s.name(), KernelWriter.DEPTH, widest).build());
    }
  }

  void stateFields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(PARAMETER_SET, "parameters", Modifier.PRIVATE, Modifier.FINAL).build());
    type.addField(FieldSpec.builder(OPTIMIZER, "optimizer", Modifier.PRIVATE)
        .initializer("$T.sgd(0.01)", OPTIMIZERS).build());
    type.addField(FieldSpec.builder(NOISE_SOURCE, "noise", Modifier.PRIVATE).build());
    type.addField(FieldSpec.builder(POLICY, "nonFiniteLoss", Modifier.PRIVATE)
        .initializer("$T.THROW", POLICY).build());
    type.addField(FieldSpec.builder(double.class, "maxGradientNorm", Modifier.PRIVATE).build());
    type.addField(FieldSpec.builder(long.class, "steps", Modifier.PRIVATE).build());
    type.addField(FieldSpec.builder(long.class, "examplesSeen", Modifier.PRIVATE).build());
    type.addField(FieldSpec.builder(int.class, "capacity", Modifier.PRIVATE).build());
    if (!plan.recurrent().isEmpty()) {
      type.addField(FieldSpec.builder(boolean.class, "carryState", Modifier.PRIVATE)
          .addJavadoc("Whether each call starts from the state the previous call ended in (truncated BPTT).\n").build());
    }
    if (input.variableLength()) {
      type.addField(FieldSpec.builder(int[].class, "lengths", Modifier.PRIVATE)
          .addJavadoc("Each example's length in the current pass (the caller's array, not copied).\n").build());
    }
  }

  MethodSpec constructor() {
    List<CodeBlock> entries = plan.parameterEntries();
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A network with parameters drawn from {@code seed}; the default noise source is\n"
            + "a {@link $T} with the same seed. Equal seeds give bit-identical networks on any JVM.\n", COUNTER_NOISE)
        .addParameter(long.class, "seed")
        .addCode("this.parameters = new $T($T.of(\n", PARAMETER_SET, List.class)
        .addCode(CodeBlock.builder().indent().indent().add(CodeBlock.join(entries, ",\n")).unindent().unindent().build())
        .addCode("));\n")
        .addStatement("this.noise = new $T(seed)", COUNTER_NOISE)
        .addStatement("initialize(new $T(seed))", WriterContext.RANDOM)
        .build();
  }

  MethodSpec initialize() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Draws every parameter from one generator, layer by layer: weights, biases, then p.\n")
        .addParameter(WriterContext.RANDOM, "random");
    if (plan.embedding != null) {
      m.addStatement("$LInitialize(random)", input.name());
    }
    for (LayerModel l : net.layers()) {
      m.addStatement("$L(random)", Names.initialize(l));
    }
    return m.build();
  }

  MethodSpec ensureCapacity(List<LayerWriter.Buffer> buffers) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("ensureCapacity")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Grows the per-example buffers to {@code batch} examples; the only allocation after construction.\n")
        .addParameter(int.class, "batch")
        .addStatement("if (batch <= capacity) return");
    for (LayerWriter.Buffer buffer : buffers) {
      if (buffer.isRows()) {
        m.addStatement(buffer.rowsPerExample().equals("1") ? "$L = new $L[batch][$L]" : "$L = new $L[batch * $L][$L]",
            buffer.rowsPerExample().equals("1")
                ? new Object[] {buffer.name(), s.name(), buffer.width()}
                : new Object[] {buffer.name(), s.name(), buffer.rowsPerExample(), buffer.width()});
      } else {
        m.addStatement("$L = new $L[batch * $L]", buffer.name(), s.name(), buffer.width());
      }
    }
    return m.addStatement("capacity = batch").build();
  }
}
