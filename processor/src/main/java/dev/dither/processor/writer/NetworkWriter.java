package dev.dither.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dither.Fn;
import dev.dither.Loss;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the class generated for one network: the public training and inference entry points,
 * configuration, the order of the passes, and each layer's members from its {@link LayerWriter}
 * ({@link DenseWriter}, {@link RecurrentWriter}) and the {@link LossWriter}. The output depends
 * only on the model, so it is byte-for-byte reproducible (no timestamps, members in declaration
 * order).
 */
public final class NetworkWriter {
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  private static final ClassName PARAMETER_SET = ClassName.get(WriterContext.RUNTIME, "ParameterSet");
  private static final ClassName OPTIMIZER = ClassName.get(WriterContext.RUNTIME, "Optimizer");
  private static final ClassName OPTIMIZERS = ClassName.get(WriterContext.RUNTIME, "Optimizers");
  private static final ClassName NOISE_SOURCE = ClassName.get(WriterContext.RUNTIME, "NoiseSource");
  private static final ClassName COUNTER_NOISE = ClassName.get(WriterContext.RUNTIME, "CounterNoise");
  private static final ClassName CHECKS = ClassName.get(WriterContext.RUNTIME, "Checks");
  private static final ClassName POLICY = ClassName.get(WriterContext.RUNTIME, "NonFiniteLossPolicy");
  private static final ClassName NON_FINITE = ClassName.get(WriterContext.RUNTIME, "NonFiniteLossException");

  private final NetworkModel net;
  private final WriterContext ctx;
  private final Scalar s;
  private final LossWriter loss;
  private final ClassName self;
  private final EmbeddingWriter embedding;
  private final List<LayerWriter> writers = new ArrayList<>();
  private final String targetName;
  private final TypeName targetType;
  private final CostReportWriter cost;
  private final SliceWriter slices;
  private final ServingWriter serving;

  public NetworkWriter(NetworkModel network) {
    this.net = network;
    this.ctx = new WriterContext(network);
    this.s = ctx.s;
    this.loss = new LossWriter(s, network.perStepOutput() && network.input().variableLength());
    this.self = ClassName.get(network.packageName(), network.className());
    this.embedding = network.input().isEmbedding() ? new EmbeddingWriter(ctx) : null;
    for (LayerModel layer : network.layers()) {
      String inputDelta = layer.index() > 0 ? writers.get(layer.index() - 1).delta()
          : embedding != null ? embedding.delta() : null;
      writers.add(layer instanceof DenseLayerModel d
          ? new DenseWriter(ctx, d, inputDelta)
          : new RecurrentWriter(ctx, (RecurrentLayerModel) layer, inputDelta));
    }
    boolean labels = network.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
    this.targetName = labels ? "labels" : "targets";
    this.targetType = labels ? ArrayTypeName.of(int.class) : s.array();
    this.cost = new CostReportWriter(network, buffers());
    this.slices = new SliceWriter(inputType(), input().isEmbedding() ? "int" : s.name(), input().variableLength(),
        !recurrent().isEmpty());
    this.serving = new ServingWriter(network, s, self, inputType());
  }

  /** The compile-time cost report, as the text of a javac note. */
  public String costReport() {
    return cost.note();
  }

  /** The source file, with {@code originating} recorded for incremental builds. */
  public JavaFile write(Element originating) {
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(serving.trainableInterface())
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", "dev.dither.processor.DitherProcessor").build())
        .addJavadoc(classDoc())
        .alwaysQualify(net.hiddenJavaLangNames().stream().sorted().toArray(String[]::new));
    if (originating != null) {
      type.addOriginatingElement(originating);
    }
    constants(type);
    type.addFields(cost.constants());
    PersistenceWriter persistence = new PersistenceWriter(net,
        writers.stream().flatMap(w -> w.noiseSites().stream()).toList(),
        recurrent().stream().flatMap(r -> r.carried().stream()).toList());
    type.addField(persistence.description());
    if (embedding != null) {
      type.addFields(embedding.fields());
    }
    for (LayerWriter w : writers) {
      type.addFields(w.fields());
    }
    for (LayerWriter.Buffer buffer : buffers()) {
      type.addField(FieldSpec.builder(buffer.isRows() ? s.rows() : s.array(), buffer.name(), Modifier.PRIVATE)
          .initializer(buffer.isRows() ? "new $L[0][]" : "new $L[0]", s.name()).build());
    }
    int widest = net.denseLayers().stream().mapToInt(LayerModel::units).max().orElse(0);
    if (widest > 0) {
      type.addField(FieldSpec.builder(s.array(), DenseLayerWriter.SCRATCH, Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("One weight or gradient row, so that dense loops index every array alike (see DenseLayerWriter).\n")
          .initializer("new $L[$L]", s.name(), widest).build());
    }
    stateFields(type);
    type.addFields(slices.fields());
    type.addField(EntryPointWriter.guardField("model"));
    type.addMethod(constructor());
    type.addMethod(initialize());
    if (embedding != null) {
      type.addMethod(embedding.initializer());
    }
    for (LayerWriter w : writers) {
      type.addMethod(w.initializer());
    }
    publicApi(type);
    type.addMethods(persistence.methods());
    configuration(type);
    type.addMethods(new DataParallelWriter(s).methods());
    passes(type);
    if (embedding != null) {
      type.addMethods(embedding.methods());
    }
    for (LayerWriter w : writers) {
      type.addMethods(w.methods());
    }
    type.addMethod(loss.loss(net, "{@code @Network(loss = " + net.loss() + ")}"));
    type.addMethods(slices.methods());
    type.addMethods(ctx.kernels.methods());
    type.addMethod(ensureCapacity(buffers()));
    InferenceViewWriter view = serving.viewWriter(forward(false), this::ensureCapacity, buffers(), parameterEntries(),
        levels("model."));
    type.addMethod(EntryPointWriter.guarded(view.factory()));
    type.addType(view.view(type.build()));
    return JavaFile.builder(net.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  private InputModel input() {
    return net.input();
  }

  private List<RecurrentWriter> recurrent() {
    return writers.stream().filter(RecurrentWriter.class::isInstance).map(RecurrentWriter.class::cast).toList();
  }

  /** After a pass: hands the final recurrent states on when carrying state. */
  private CodeBlock carry() {
    return recurrent().isEmpty() ? CodeBlock.of("") : CodeBlock.of("if (carryState) carryStates(batch);\n");
  }

  private LayerWriter outputWriter() {
    return writers.get(writers.size() - 1);
  }

  // ---- documentation ----

  private CodeBlock classDoc() {
    String shape = input().name() + "(" + (input().isEmbedding() ? "tokens < " + input().vocabulary() + " → " : "")
        + input().size() + (input().isSequence() ? " × " + input().steps() + " steps" : "") + ")"
        + net.layers().stream().map(l -> " → " + l.name() + "(" + describe(l) + ")").collect(Collectors.joining());
    return CodeBlock.builder()
        .add("Generated by Dither from {@link $L}: $L,\n", net.interfaceName(), shape)
        .add("$L loss, $L precision.\n", net.loss(), net.precision())
        .add("\n<p>Weights are stored input-major ({@code [inputs][units]}, the transpose of PyTorch's\n")
        .add("{@code nn.Linear.weight} and {@code weight_ih}/{@code weight_hh}); see {@link $T#copyFromTorchLayout}.\n",
            WriterContext.PARAMETER)
        .add("A training step allocates nothing once the largest batch has been seen.\n")
        .add("\n<p>An instance is single-threaded: a call entering while another thread is inside fails with a\n")
        .add("{@link java.util.ConcurrentModificationException}. To serve from several threads, give each its own\n")
        .add("{@link #inferenceView()}, which shares the weights; to train in parallel, use one model per thread.\n")
        .add("\n<p>Do not edit: change {@code $L} and recompile.\n", net.interfaceName())
        .build();
  }

  private static String describe(LayerModel layer) {
    if (layer instanceof DenseLayerModel l) {
      return l.units() + (l.activation().fn() == Fn.IDENTITY ? "" : ", " + l.activation().fn())
          + (l.activation().hasNoise() ? " " + l.activation().variant() : "");
    }
    RecurrentLayerModel r = (RecurrentLayerModel) layer;
    return r.cell() + " " + r.units() + ", " + r.output();
  }

  // ---- fields ----

  private void constants(TypeSpec.Builder type) {
    type.addField(constant("INPUT_SIZE", input().valuesPerExample(),
        input().isEmbedding() ? "Token ids per example." : "Input values per example."));
    int rowsPerExample = net.perStepOutput() ? input().steps() : 1;
    type.addField(constant("OUTPUT_SIZE", rowsPerExample * net.output().units(), "Outputs per example."));
    type.addField(FieldSpec.builder(String.class, "NETWORK", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", net.interfaceName()).build());
    if (input().isSequence()) {
      type.addField(constant(WriterContext.STEPS, input().steps(),
          input().variableLength() ? "The maximum sequence length." : "The sequence length."));
    }
    type.addField(constant(Names.constant(input().name()) + "_UNITS", input().size(), null));
    for (LayerModel l : net.layers()) {
      type.addField(constant(Names.units(l), l.units(), null));
    }
  }

  private static FieldSpec constant(String name, int value, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(int.class, name, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L", value);
    if (doc != null) {
      f.addModifiers(Modifier.PUBLIC).addJavadoc(doc + "\n");
    } else {
      f.addModifiers(Modifier.PRIVATE);
    }
    return f.build();
  }

  /** Every per-batch buffer. */
  private List<LayerWriter.Buffer> buffers() {
    List<LayerWriter.Buffer> all = new ArrayList<>();
    if (embedding != null) {
      all.addAll(embedding.buffers());
    }
    for (LayerWriter w : writers) {
      all.addAll(w.buffers());
    }
    return all;
  }

  private void stateFields(TypeSpec.Builder type) {
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
    if (!recurrent().isEmpty()) {
      type.addField(FieldSpec.builder(boolean.class, "carryState", Modifier.PRIVATE)
          .addJavadoc("Whether each call starts from the state the previous call ended in (truncated BPTT).\n").build());
    }
    if (input().variableLength()) {
      type.addField(FieldSpec.builder(int[].class, "lengths", Modifier.PRIVATE)
          .addJavadoc("Each example's length in the current pass (the caller's array, not copied).\n").build());
    }
  }

  // ---- construction ----

  /** The {@code Parameter.of...} registrations, in order. */
  private List<CodeBlock> parameterEntries() {
    List<CodeBlock> entries = new ArrayList<>();
    if (embedding != null) {
      entries.add(embedding.parameter());
    }
    for (LayerWriter w : writers) {
      entries.addAll(w.parameters());
    }
    return entries;
  }

  private MethodSpec constructor() {
    List<CodeBlock> entries = parameterEntries();
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

  private MethodSpec initialize() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Draws every parameter from one generator, layer by layer: weights, biases, then p.\n")
        .addParameter(WriterContext.RANDOM, "random");
    if (embedding != null) {
      m.addStatement("$LInitialize(random)", input().name());
    }
    for (LayerModel l : net.layers()) {
      m.addStatement("$L(random)", Names.initialize(l));
    }
    return m.build();
  }

  // ---- public API ----

  private TypeName inputType() {
    return input().isEmbedding() ? ArrayTypeName.of(int.class) : s.array();
  }

  /** Adds {@code inputs} (and {@code lengths} for variable-length sequences). */
  private MethodSpec.Builder withInputs(MethodSpec.Builder m) {
    m.addParameter(inputType(), "inputs");
    if (input().variableLength()) {
      m.addParameter(int[].class, "lengths");
    }
    return m;
  }

  private String inputArgs() {
    return input().variableLength() ? "inputs, lengths" : "inputs";
  }

  /** Statements that check the inputs of {@code batch} examples (derived from their length) and remember the lengths. */
  private CodeBlock checkInputs() {
    CodeBlock.Builder c = CodeBlock.builder();
    if (input().isEmbedding()) {
      c.addStatement("$T.tokens(NETWORK, $S, inputs, $L)", CHECKS, input().name(), input().vocabulary());
    } else {
      c.addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, input().name());
    }
    if (input().variableLength()) {
      c.addStatement("$T.lengths(NETWORK, $S, lengths, batch, STEPS)", CHECKS, input().name())
          .addStatement("this.lengths = lengths");
    }
    return c.build();
  }

  private String rowsPerExample() {
    return net.perStepOutput() ? WriterContext.STEPS : "1";
  }

  private void publicApi(TypeSpec.Builder type) {
    String targetDoc = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY
        ? (net.perStepOutput() ? "one class index per step of each example (padded steps are ignored but must be valid)"
            : "one class index in [0, OUTPUT_SIZE) per example")
        : "OUTPUT_SIZE targets per example";
    String lengthsDoc = input().variableLength() ? "@param lengths each example's length, 1 to STEPS\n" : "";

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("trainStep")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("One training step on a mini-batch: forward with noise, backward, optional gradient\n"
            + "clipping, optimizer update. Returns the mean loss before the update.\n\n"
            + "@param inputs INPUT_SIZE $L per example, example-major\n"
            + "$L"
            + "@param $L $L\n"
            + "@throws IllegalArgumentException on wrong lengths, non-finite inputs or bad targets\n"
            + "@throws $T if the loss is not finite (parameters are then unchanged)\n",
            input().isEmbedding() ? "token ids" : "values", lengthsDoc, targetName, targetDoc, NON_FINITE))
        .addParameter(targetType, targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", targetName)
        .beginControlFlow("if (!" + s.lang("Double") + ".isFinite(value))")
        .addStatement("if (nonFiniteLoss == $T.THROW) throw $T.diagnose(NETWORK, steps, value, parameters, inputs)",
            POLICY, NON_FINITE)
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .endControlFlow()
        .addStatement("backward(inputs, batch)")
        .addStatement("if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm)")
        .addStatement("optimizer.step(parameters)")
        .addCode(carry())
        .addStatement("steps++")
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .build()));

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("gradients")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("Forward with noise and backward, without updating anything: the gradients are\n"
            + "left in {@link #parameters()}. The noise is that of the next training step. Returns the mean loss.\n"))
        .addParameter(targetType, targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", targetName)
        .addStatement("backward(inputs, batch)")
        .addCode(carry())
        .addStatement("return value")
        .build()));

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("loss")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("The mean loss in evaluation mode (noise replaced by its expectation); changes nothing.\n"))
        .addParameter(targetType, targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), targetName)
        .addStatement("return forwardLoss(inputs, $L, batch, false)", targetName)
        .build()));

    String outputBuffer = outputWriter().output();
    String outputUnits = Names.units(net.output());
    String perExample = net.perStepOutput() ? " * STEPS" : "";
    for (boolean training : new boolean[] {false, true}) {
      MethodSpec.Builder m = withInputs(MethodSpec.methodBuilder(training ? "sample" : "infer")
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc(training
              ? "Training-mode forward pass: like {@code infer} but with freshly drawn noise, for Monte-Carlo\n"
                  + "estimates. Consumes the noise of {@code batch} examples; changes no parameter.$L\n"
              : "Evaluation-mode forward pass (noise replaced by its expectation) writing OUTPUT_SIZE\n"
                  + "values per example into {@code outputs}$L. Allocates nothing after warm-up; a batch larger\n"
                  + "than the buffers runs in slices of them (see {@code sliceOf}).\n",
              training ? "" : net.output().activation().fn() == Fn.IDENTITY && net.loss() == Loss.SOFTMAX_CROSS_ENTROPY
                  ? " (the logits)" : ""))
          .addParameter(s.array(), "outputs")
          .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, input().name())
          .addStatement("$T.length(NETWORK, $S, batch, OUTPUT_SIZE, outputs.length)", CHECKS, net.output().name())
          .addCode(checkInputs());
      CodeBlock.Builder copy = CodeBlock.builder();
      if (training) {
        copy.addStatement("examplesSeen += rows");
      }
      copy.addStatement("for (int r = 0, n = rows$L; r < n; r++) " + s.lang("System")
          + ".arraycopy($L[r], 0, outputs, (start$L + r) * $L, $L)", perExample, outputBuffer, perExample, outputUnits,
          outputUnits);
      m.addCode(slices.loop(training, copy.build()));
      type.addMethod(EntryPointWriter.guarded(m.addCode(carry()).build()));
    }

    if (!input().variableLength()) {
      type.addMethod(MethodSpec.methodBuilder("infer")
          .addModifiers(Modifier.PUBLIC)
          .returns(s.array())
          .addJavadoc("Like {@link #infer($L[], $L[])}, into a new array.\n",
              input().isEmbedding() ? "int" : s.name(), s.name())
          .addParameter(inputType(), "inputs")
          .addCode(EntryPointWriter.notNull("infer", "inputs"))
          .addStatement("final $T outputs = new $L[$T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE) * OUTPUT_SIZE]",
              s.array(), s.name(), CHECKS, input().name())
          .addStatement("infer(inputs, outputs)")
          .addStatement("return outputs")
          .build());
    }

    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("classify")
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc("Writes the most likely class of each $L (evaluation mode) into {@code classes}.\n",
              net.perStepOutput() ? "step of each example" : "example"))
          .addParameter(int[].class, "classes")
          .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, input().name())
          .addStatement("$T.length(NETWORK, $S, batch, $L, classes.length)", CHECKS, net.output().name(), rowsPerExample())
          .addCode(checkInputs())
          .addCode(slices.loop(false, CodeBlock.builder()
              .beginControlFlow("for (int r = 0, n = rows$L; r < n; r++)", perExample)
              .addStatement("final $T row = $L[r]", s.array(), outputBuffer)
              .addStatement("int best = 0")
              .addStatement("for (int k = 1; k < $L; k++) if (row[k] > row[best]) best = k", outputUnits)
              .addStatement("classes[start$L + r] = best", perExample)
              .endControlFlow()
              .build()))
          .build()));
      type.addMethod(serving.probabilities(withInputs(MethodSpec.methodBuilder("probabilities")), inputArgs()));
    }

    MethodSpec.Builder check = withInputs(MethodSpec.methodBuilder("checkBatch")
        .addModifiers(Modifier.PRIVATE)
        .returns(int.class))
        .addParameter(targetType, targetName);
    // The inputs fix the batch, so a short label array is reported as such, not as inputs of the wrong length.
    check.addStatement("final int batch = $T.inputBatch(NETWORK, $S, inputs.length, INPUT_SIZE, $S, $L.length, $L)",
        CHECKS, input().name(), targetName, targetName,
        net.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? rowsPerExample() : "OUTPUT_SIZE");
    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      check.addStatement("$T.targets(NETWORK, $S, $S, batch, $L, labels.length)", CHECKS, net.output().name(), "labels",
              rowsPerExample())
          .addStatement("$T.labels(NETWORK, $S, labels, $L)", CHECKS, net.output().name(), Names.units(net.output()));
    } else {
      check.addStatement("$T.targets(NETWORK, $S, $S, batch, OUTPUT_SIZE, targets.length)", CHECKS, net.output().name(),
              "targets")
          .addStatement("$T.finite(NETWORK, $S, targets, OUTPUT_SIZE)", CHECKS, net.output().name());
    }
    type.addMethod(check.addCode(checkInputs()).addStatement("return batch").build());
  }

  private void configuration(TypeSpec.Builder type) {
    type.addMethod(override("networkName", String.class).addStatement("return NETWORK").build());
    type.addMethod(override("inputSize", int.class).addStatement("return INPUT_SIZE").build());
    type.addMethod(override("outputSize", int.class).addStatement("return OUTPUT_SIZE").build());
    type.addMethod(override("parameters", PARAMETER_SET).addStatement("return parameters").build());
    type.addMethod(override("steps", long.class).addStatement("return steps").build());
    type.addMethod(override("examplesSeen", long.class).addStatement("return examplesSeen").build());
    type.addMethod(override("optimizer", self).addParameter(OPTIMIZER, "optimizer")
        .addStatement("$T.requireNonNull(optimizer, $S).bind(this, NETWORK)", java.util.Objects.class, "optimizer")
        .addStatement("this.optimizer = optimizer")
        .addStatement("return this").build());
    type.addMethod(override("noiseSource", self).addParameter(NOISE_SOURCE, "noise")
        .addStatement("this.noise = $T.requireNonNull(noise, $S)", java.util.Objects.class, "noise")
        .addStatement("return this").build());
    type.addMethod(override("gradientClipping", self).addParameter(double.class, "maxNorm")
        .beginControlFlow("if (!(maxNorm >= 0) || " + s.lang("Double") + ".isInfinite(maxNorm))")
        .addStatement("throw new " + s.lang("IllegalArgumentException") + "(NETWORK + $S + maxNorm)",
            ": gradient clipping needs a finite maxNorm >= 0 (0 disables it), got ")
        .endControlFlow()
        .addStatement("this.maxGradientNorm = maxNorm")
        .addStatement("return this").build());
    type.addMethod(override("nonFiniteLoss", self).addParameter(POLICY, "policy")
        .addStatement("this.nonFiniteLoss = $T.requireNonNull(policy, $S)", java.util.Objects.class, "policy")
        .addStatement("return this").build());

    if (!recurrent().isEmpty()) {
      type.addMethod(MethodSpec.methodBuilder("carryState")
          .addModifiers(Modifier.PUBLIC)
          .returns(self)
          .addJavadoc("Truncated backpropagation through time: with {@code carry}, every call starts from the\n"
              + "recurrent state the previous call ended in, example by example, and gradients stop at that\n"
              + "boundary. Feed consecutive windows of the same sequences with the same batch size; growing\n"
              + "the batch resets the state. Default: every call starts from zeros.\n")
          .addParameter(boolean.class, "carry")
          .addStatement("this.carryState = carry")
          .addStatement("return this")
          .build());
      MethodSpec.Builder reset = MethodSpec.methodBuilder("resetState")
          .addModifiers(Modifier.PUBLIC)
          .returns(self)
          .addJavadoc("Zeroes the carried recurrent state, e.g. between independent sequences.\n");
      for (RecurrentWriter r : recurrent()) {
        reset.addCode(r.resetState());
      }
      type.addMethod(EntryPointWriter.guarded(reset.addStatement("return this").build()));
      MethodSpec.Builder carryAll = MethodSpec.methodBuilder("carryStates")
          .addModifiers(Modifier.PRIVATE)
          .addParameter(int.class, "batch");
      for (RecurrentWriter r : recurrent()) {
        carryAll.addStatement("$LCarry(batch)", r.model().name());
      }
      type.addMethod(carryAll.build());
    }

    List<LayerWriter> noisy = writers.stream().filter(w -> !w.noiseSites().isEmpty()).toList();
    String known = noisy.isEmpty() ? "none" : noisy.stream().map(w -> w.model().name()).collect(Collectors.joining(", "));
    MethodSpec.Builder set = override("noiseSchedule", self)
        .addParameter(String.class, "layer")
        .addParameter(WriterContext.SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule")
        .beginControlFlow("switch (layer)");
    MethodSpec.Builder setAll = override("noiseSchedule", self)
        .addParameter(WriterContext.SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule");
    MethodSpec.Builder level = override("noiseLevel", double.class)
        .addParameter(String.class, "layer")
        .beginControlFlow("switch (layer)");
    for (LayerWriter w : noisy) {
      List<LayerWriter.NoiseSiteFields> sites = w.noiseSites();
      String assignments = sites.stream().map(f -> f.schedule() + " = schedule; ").collect(Collectors.joining());
      set.addStatement("case $S: $Lreturn this", w.model().name(), assignments);
      for (LayerWriter.NoiseSiteFields f : sites) {
        setAll.addStatement("$L = schedule", f.schedule());
      }
      level.addStatement("case $S: return $L.level(steps)", w.model().name(), sites.get(0).schedule());
    }
    String unknown = ": no noisy layer called '\" + layer + \"'; noisy layers: " + known;
    set.addStatement("default: throw new " + s.lang("IllegalArgumentException") + "(NETWORK + \"$L\")", unknown).endControlFlow();
    level.addStatement("default: throw new " + s.lang("IllegalArgumentException") + "(NETWORK + \"$L\")", unknown).endControlFlow();
    type.addMethod(set.build());
    type.addMethod(setAll.addStatement("return this").build());
    type.addMethod(level.build());
  }

  private static MethodSpec.Builder override(String name, Object returns) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC);
    return returns instanceof TypeName t ? m.returns(t) : m.returns((Class<?>) returns);
  }

  // ---- passes ----

  /**
   * Statements setting each noise level field from its schedule at the step count of
   * {@code owner} ({@code ""} for this model, {@code "model."} in a view), by level field.
   */
  private Map<String, CodeBlock> levels(String owner) {
    Map<String, CodeBlock> levels = new LinkedHashMap<>();
    for (LayerWriter w : writers) {
      for (LayerWriter.NoiseSiteFields f : w.noiseSites()) {
        String read = "$T.noiseLevel(NETWORK, $S, " + owner + "steps, " + owner + f.schedule() + ".level(" + owner
            + "steps), " + s.name().equals("float") + ")";
        levels.put(f.level(), CodeBlock.builder()
            .addStatement(f.level() + " = " + s.fromDouble(read), CHECKS, w.model().name()).build());
      }
    }
    return levels;
  }

  /** {@code forward(inputs, batch, training)}: with {@code withLevels}, first reads the noise levels. */
  private MethodSpec forward(boolean withLevels) {
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("All layers in order; {@code training} draws noise, otherwise noise takes its expectation.\n")
        .addParameter(inputType(), "inputs")
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("ensureCapacity(batch)");
    if (withLevels) {
      levels("").values().forEach(forward::addCode);
    }
    String x = "inputs";
    if (embedding != null) {
      forward.addStatement("$LGather(inputs, batch)", input().name());
      x = embedding.embedded();
    }
    for (LayerWriter w : writers) {
      forward.addCode(w.forward(x));
      x = w.output();
    }
    return forward.build();
  }

  private void passes(TypeSpec.Builder type) {
    type.addMethod(forward(true));

    type.addMethod(MethodSpec.methodBuilder("forwardLoss")
        .addModifiers(Modifier.PRIVATE)
        .returns(double.class)
        .addParameter(inputType(), "inputs")
        .addParameter(targetType, targetName)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("forward(inputs, batch, training)")
        .addStatement("return $L($L, $L, training)", LossWriter.methodName(net.loss()), targetName,
            net.perStepOutput() ? "batch * " + WriterContext.STEPS : "batch")
        .build());

    MethodSpec.Builder backward = MethodSpec.methodBuilder("backward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backpropagation from the loss gradient in $L down to every parameter gradient.\n",
            outputWriter().delta())
        .addParameter(inputType(), "inputs")
        .addParameter(int.class, "batch");
    for (int i = writers.size() - 1; i >= 0; i--) {
      String in = i > 0 ? writers.get(i - 1).output() : embedding != null ? embedding.embedded() : "inputs";
      backward.addCode(writers.get(i).backward(in));
    }
    if (embedding != null) {
      backward.addStatement("$LScatter(inputs, batch)", input().name());
    }
    type.addMethod(backward.build());
  }

  private MethodSpec ensureCapacity(List<LayerWriter.Buffer> buffers) {
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
