package dev.dither.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
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
import dev.dither.processor.model.NetworkModel;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the class generated for one network: fields for parameters and buffers, the public
 * training and inference entry points, and the per-layer methods from {@link DenseLayerWriter},
 * {@link ActivationWriter} and {@link LossWriter}. The output depends only on the model, so it
 * is byte-for-byte reproducible (no timestamps, members in declaration order).
 */
public final class NetworkWriter {
  private static final String RUNTIME = "dev.dither.runtime";
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  private static final ClassName GENERATED_MODEL = ClassName.get(RUNTIME, "GeneratedModel");
  private static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  private static final ClassName PARAMETER_SET = ClassName.get(RUNTIME, "ParameterSet");
  private static final ClassName OPTIMIZER = ClassName.get(RUNTIME, "Optimizer");
  private static final ClassName OPTIMIZERS = ClassName.get(RUNTIME, "Optimizers");
  private static final ClassName NOISE_SOURCE = ClassName.get(RUNTIME, "NoiseSource");
  private static final ClassName COUNTER_NOISE = ClassName.get(RUNTIME, "CounterNoise");
  private static final ClassName SCHEDULE = ClassName.get(RUNTIME, "AnnealingSchedule");
  private static final ClassName SCHEDULES = ClassName.get(RUNTIME, "AnnealingSchedules");
  private static final ClassName RANDOM = ClassName.get(RUNTIME, "DitherRandom");
  private static final ClassName INITIALIZERS = ClassName.get(RUNTIME, "Initializers");
  private static final ClassName CHECKS = ClassName.get(RUNTIME, "Checks");
  private static final ClassName POLICY = ClassName.get(RUNTIME, "NonFiniteLossPolicy");
  private static final ClassName NON_FINITE = ClassName.get(RUNTIME, "NonFiniteLossException");

  private final NetworkModel net;
  private final Scalar s;
  private final DenseLayerWriter dense;
  private final ActivationWriter activations;
  private final LossWriter loss;
  private final ClassName self;

  public NetworkWriter(NetworkModel network) {
    this.net = network;
    this.s = new Scalar(network.precision());
    this.dense = new DenseLayerWriter(s);
    this.activations = new ActivationWriter(s);
    this.loss = new LossWriter(s);
    this.self = ClassName.get(network.packageName(), network.className());
  }

  /** The source file, with {@code originating} recorded for incremental builds. */
  public JavaFile write(Element originating) {
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GENERATED_MODEL)
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", "dev.dither.processor.DitherProcessor").build())
        .addJavadoc(classDoc());
    if (originating != null) {
      type.addOriginatingElement(originating);
    }
    constants(type);
    layerFields(type);
    stateFields(type);
    type.addMethod(constructor());
    type.addMethod(initialize());
    for (DenseLayerModel l : net.layers()) {
      type.addMethod(initializeLayer(l));
    }
    publicApi(type);
    configuration(type);
    passes(type);
    for (DenseLayerModel layer : net.layers()) {
      String origin = origin(layer);
      String inputUnits = inputUnits(layer);
      type.addMethod(dense.linear(layer, inputUnits, origin));
      if (layer.activation().fn() != Fn.IDENTITY) {
        type.addMethod(activations.forward(layer, origin));
        if (!fusedIntoLoss(layer)) {
          type.addMethod(activations.backward(layer, origin));
        }
      }
      type.addMethod(dense.gradients(layer, inputUnits, origin));
      if (layer.index() > 0) {
        type.addMethod(dense.propagate(layer, inputUnits, Names.delta(net.layers().get(layer.index() - 1)), origin));
      }
    }
    type.addMethod(loss.loss(net, "{@code @Network(loss = " + net.loss() + ")}"));
    type.addMethod(ensureCapacity());
    return JavaFile.builder(net.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  // ---- documentation ----

  private CodeBlock classDoc() {
    String shape = net.input().name() + "(" + net.input().size() + ")"
        + net.layers().stream().map(l -> " → " + l.name() + "(" + l.units()
            + (l.activation().fn() == Fn.IDENTITY ? "" : ", " + l.activation().fn())
            + (l.activation().hasNoise() ? " " + l.activation().variant() : "") + ")")
            .collect(Collectors.joining());
    return CodeBlock.builder()
        .add("Generated by Dither from {@link $L}: $L,\n", net.interfaceName(), shape)
        .add("$L loss, $L precision.\n", net.loss(), net.precision())
        .add("\n<p>Dense weights are stored input-major ({@code [inputs][units]}, the transpose of\n")
        .add("PyTorch's {@code nn.Linear.weight}); see {@link $T#copyFromTorchLayout}. A training step\n", PARAMETER)
        .add("allocates nothing once the largest batch has been seen. Not thread-safe.\n")
        .add("\n<p>Do not edit: change {@code $L} and recompile.\n", net.interfaceName())
        .build();
  }

  private String origin(DenseLayerModel layer) {
    StringBuilder o = new StringBuilder("{@code @Dense(" + layer.units() + ")");
    if (layer.activation().fn() != Fn.IDENTITY) {
      o.append(" @Activation(").append(layer.activation().fn());
      if (layer.activation().hasNoise()) {
        o.append(", ").append(layer.activation().variant());
      }
      o.append(")");
    }
    return o.append("} on {@link ").append(net.interfaceName()).append("#").append(layer.name())
        .append("()}").toString();
  }

  // ---- fields ----

  private void constants(TypeSpec.Builder type) {
    type.addField(constant("INPUT_SIZE", net.input().size(), "Input features per example."));
    type.addField(constant("OUTPUT_SIZE", net.output().units(), "Outputs per example."));
    type.addField(FieldSpec.builder(String.class, "NETWORK", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", net.interfaceName()).build());
    type.addField(constant(Names.constant(net.input().name()) + "_UNITS", net.input().size(), null));
    for (DenseLayerModel l : net.layers()) {
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

  private String inputUnits(DenseLayerModel layer) {
    return layer.index() == 0
        ? Names.constant(net.input().name()) + "_UNITS"
        : Names.units(net.layers().get(layer.index() - 1));
  }

  private void layerFields(TypeSpec.Builder type) {
    for (DenseLayerModel l : net.layers()) {
      String size = inputUnits(l) + " * " + Names.units(l);
      type.addField(array(Names.weight(l), size, "Weights of " + origin(l) + ", {@code [inputs][units]}."));
      type.addField(array(Names.weightGrad(l), size, null));
      type.addField(array(Names.bias(l), Names.units(l), null));
      type.addField(array(Names.biasGrad(l), Names.units(l), null));
      if (l.activation().hasP()) {
        type.addField(array(Names.p(l), Names.units(l), "Per-unit p of eq. 9, initialised U[-1, 1] as in the paper."));
        type.addField(array(Names.pGrad(l), Names.units(l), null));
      }
      if (l.activation().hasNoise()) {
        type.addField(FieldSpec.builder(SCHEDULE, Names.schedule(l), Modifier.PRIVATE)
            .initializer("$T.constant($L)", SCHEDULES, l.activation().c()).build());
        type.addField(FieldSpec.builder(s.type(), Names.level(l), Modifier.PRIVATE)
            .addJavadoc("The noise level c of the current pass, read from the schedule once per pass.\n").build());
      }
    }
    for (DenseLayerModel l : net.layers()) {
      for (String buffer : buffers(l)) {
        type.addField(FieldSpec.builder(s.array(), buffer, Modifier.PRIVATE)
            .initializer("new $L[0]", s.name()).build());
      }
    }
  }

  /** Per-example buffers, sized {@code [capacity][units]}. */
  private List<String> buffers(DenseLayerModel l) {
    java.util.ArrayList<String> b = new java.util.ArrayList<>();
    b.add(Names.pre(l));
    if (l.activation().fn() != Fn.IDENTITY) {
      b.add(Names.out(l));
    }
    b.add(Names.delta(l));
    if (l.activation().hasNoise()) {
      b.add(Names.xi(l));
    }
    return b;
  }

  private FieldSpec array(String name, String size, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(s.array(), name, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $L[$L]", s.name(), size);
    if (doc != null) {
      f.addJavadoc(doc + "\n");
    }
    return f.build();
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
  }

  // ---- construction ----

  private MethodSpec constructor() {
    CodeBlock.Builder list = CodeBlock.builder();
    boolean first = true;
    for (DenseLayerModel l : net.layers()) {
      String in = inputUnits(l);
      list.add(first ? "" : ",\n");
      first = false;
      list.add("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L),\n", PARAMETER, s.parameterFactory(),
          l.name() + ".weight", in, Names.units(l), Names.weight(l), Names.weightGrad(l));
      list.add("$T.$L($S, new int[] {$L}, false, true, $L, $L)", PARAMETER, s.parameterFactory(),
          l.name() + ".bias", Names.units(l), Names.bias(l), Names.biasGrad(l));
      if (l.activation().hasP()) {
        list.add(",\n$T.$L($S, new int[] {$L}, false, $L, $L, $L)", PARAMETER, s.parameterFactory(),
            l.name() + ".p", Names.units(l), l.activation().trainsP(), Names.p(l), Names.pGrad(l));
      }
    }
    return MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("A network with parameters drawn from {@code seed}; the default noise source is\n"
            + "a {@link $T} with the same seed. Equal seeds give bit-identical networks on any JVM.\n", COUNTER_NOISE)
        .addParameter(long.class, "seed")
        .addCode("this.parameters = new $T($T.of(\n", PARAMETER_SET, List.class)
        .addCode(CodeBlock.builder().indent().indent().add(list.build()).unindent().unindent().build())
        .addCode("));\n")
        .addStatement("this.noise = new $T(seed)", COUNTER_NOISE)
        .addStatement("initialize(new $T(seed))", RANDOM)
        .build();
  }

  private MethodSpec initialize() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("initialize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Draws every parameter from one generator, layer by layer: weight, bias, then p.\n")
        .addParameter(RANDOM, "random");
    for (DenseLayerModel l : net.layers()) {
      m.addStatement("$L(random)", Names.initialize(l));
    }
    return m.build();
  }

  private MethodSpec initializeLayer(DenseLayerModel l) {
    String in = inputUnits(l);
    String units = Names.units(l);
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.initialize(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L weights$L, PyTorch's default bias$L.\n", origin(l), l.init(),
            l.init() == dev.dither.Init.PYTORCH_DEFAULT ? "" : " with gain " + l.gain(),
            l.biasShift() != 0 ? " shifted by " + l.biasShift() : "")
        .addParameter(RANDOM, "random");
    m.addStatement("final double[] w = new double[$L * $L]", units, in);
    switch (l.init()) {
      case PYTORCH_DEFAULT -> m.addStatement("$T.pytorchLinearWeight(random, w, $L)", INITIALIZERS, in);
      case GLOROT_UNIFORM -> m.addStatement("$T.glorotUniform(random, w, $L, $L, $L)", INITIALIZERS, in, units, l.gain());
      case ORTHOGONAL -> m.addStatement("$T.orthogonal(random, w, $L, $L, $L)", INITIALIZERS, units, in, l.gain());
    }
    m.addStatement("parameters.get($S).copyFromTorchLayout(w)", l.name() + ".weight");
    m.addStatement("final double[] b = new double[$L]", units);
    m.addStatement("$T.pytorchLinearBias(random, b, $L)", INITIALIZERS, in);
    if (l.biasShift() != 0) {
      m.addStatement("for (int k = 0; k < $L; k++) b[k] += $L", units, l.biasShift());
    }
    m.addStatement("parameters.get($S).copyFrom(b)", l.name() + ".bias");
    if (l.activation().hasP()) {
      m.addStatement("final double[] p = new double[$L]", units);
      m.addStatement("$T.uniform(random, p, -1.0, 1.0)", INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(p)", l.name() + ".p");
    }
    return m.build();
  }

  // ---- public API ----

  private void publicApi(TypeSpec.Builder type) {
    TypeName targets = loss.targetType(net.loss());
    String targetName = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? "labels" : "targets";
    String targetDoc = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY
        ? "one class index in [0, OUTPUT_SIZE) per example"
        : "OUTPUT_SIZE targets per example";

    type.addMethod(MethodSpec.methodBuilder("trainStep")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("One training step on a mini-batch: forward with noise, backward, optional gradient\n"
            + "clipping, optimizer update. Returns the mean loss before the update.\n\n"
            + "@param inputs INPUT_SIZE values per example, example-major\n"
            + "@param $L $L\n"
            + "@throws IllegalArgumentException on wrong lengths, non-finite inputs or bad targets\n"
            + "@throws $T if the loss is not finite (parameters are then unchanged)\n",
            targetName, targetDoc, NON_FINITE)
        .addParameter(s.array(), "inputs")
        .addParameter(targets, targetName)
        .addStatement("final int batch = checkBatch(inputs, $L)", targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", targetName)
        .beginControlFlow("if (!Double.isFinite(value))")
        .addStatement("if (nonFiniteLoss == $T.THROW) throw new $T(NETWORK, steps, value)", POLICY, NON_FINITE)
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .endControlFlow()
        .addStatement("backward(inputs, batch)")
        .addStatement("if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm)")
        .addStatement("optimizer.step(parameters)")
        .addStatement("steps++")
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .build());

    type.addMethod(MethodSpec.methodBuilder("gradients")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("Forward with noise and backward, without updating anything: the gradients are\n"
            + "left in {@link #parameters()}. The noise is that of the next training step. Returns the mean loss.\n")
        .addParameter(s.array(), "inputs")
        .addParameter(targets, targetName)
        .addStatement("final int batch = checkBatch(inputs, $L)", targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", targetName)
        .addStatement("backward(inputs, batch)")
        .addStatement("return value")
        .build());

    type.addMethod(MethodSpec.methodBuilder("loss")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("The mean loss in evaluation mode (noise replaced by its expectation); changes nothing.\n")
        .addParameter(s.array(), "inputs")
        .addParameter(targets, targetName)
        .addStatement("final int batch = checkBatch(inputs, $L)", targetName)
        .addStatement("return forwardLoss(inputs, $L, batch, false)", targetName)
        .build());

    String outputBuffer = Names.out(net.output());
    type.addMethod(MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Evaluation-mode forward pass (noise replaced by its expectation) writing OUTPUT_SIZE\n"
            + "values per example into {@code outputs}$L. Allocates nothing after warm-up.\n",
            net.output().activation().fn() == Fn.IDENTITY && net.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? " (the logits)" : "")
        .addParameter(s.array(), "inputs")
        .addParameter(s.array(), "outputs")
        .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, net.input().name())
        .addStatement("$T.length(NETWORK, $S, batch, OUTPUT_SIZE, outputs.length)", CHECKS, net.output().name())
        .addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, net.input().name())
        .addStatement("forward(inputs, batch, false)")
        .addStatement("System.arraycopy($L, 0, outputs, 0, batch * OUTPUT_SIZE)", outputBuffer)
        .build());

    type.addMethod(MethodSpec.methodBuilder("sample")
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Training-mode forward pass: like {@link #infer($L[], $L[])} but with freshly drawn noise,\n"
            + "for Monte-Carlo estimates. Consumes the noise of {@code batch} examples; changes no parameter.\n",
            s.name(), s.name())
        .addParameter(s.array(), "inputs")
        .addParameter(s.array(), "outputs")
        .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, net.input().name())
        .addStatement("$T.length(NETWORK, $S, batch, OUTPUT_SIZE, outputs.length)", CHECKS, net.output().name())
        .addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, net.input().name())
        .addStatement("forward(inputs, batch, true)")
        .addStatement("examplesSeen += batch")
        .addStatement("System.arraycopy($L, 0, outputs, 0, batch * OUTPUT_SIZE)", outputBuffer)
        .build());

    type.addMethod(MethodSpec.methodBuilder("infer")
        .addModifiers(Modifier.PUBLIC)
        .returns(s.array())
        .addJavadoc("Like {@link #infer($L[], $L[])}, into a new array.\n", s.name(), s.name())
        .addParameter(s.array(), "inputs")
        .addStatement("final $T outputs = new $L[$T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE) * OUTPUT_SIZE]",
            s.array(), s.name(), CHECKS, net.input().name())
        .addStatement("infer(inputs, outputs)")
        .addStatement("return outputs")
        .build());

    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      type.addMethod(MethodSpec.methodBuilder("classify")
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc("Writes the most likely class of each example (evaluation mode) into {@code classes}.\n")
          .addParameter(s.array(), "inputs")
          .addParameter(int[].class, "classes")
          .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, net.input().name())
          .addStatement("$T.length(NETWORK, $S, batch, 1, classes.length)", CHECKS, net.output().name())
          .addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, net.input().name())
          .addStatement("forward(inputs, batch, false)")
          .beginControlFlow("for (int n = 0; n < batch; n++)")
          .addStatement("final int base = n * OUTPUT_SIZE")
          .addStatement("int best = 0")
          .addStatement("for (int k = 1; k < OUTPUT_SIZE; k++) if ($L[base + k] > $L[base + best]) best = k",
              outputBuffer, outputBuffer)
          .addStatement("classes[n] = best")
          .endControlFlow()
          .build());
    }

    MethodSpec.Builder check = MethodSpec.methodBuilder("checkBatch")
        .addModifiers(Modifier.PRIVATE)
        .returns(int.class)
        .addParameter(s.array(), "inputs")
        .addParameter(targets, targetName);
    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      check.addStatement("final int batch = $T.batchOf(NETWORK, $S, labels.length, 1)", CHECKS, net.output().name())
          .addStatement("$T.labels(NETWORK, $S, labels, OUTPUT_SIZE)", CHECKS, net.output().name());
    } else {
      check.addStatement("final int batch = $T.batchOf(NETWORK, $S, targets.length, OUTPUT_SIZE)", CHECKS, net.output().name())
          .addStatement("$T.finite(NETWORK, $S, targets, OUTPUT_SIZE)", CHECKS, net.output().name());
    }
    type.addMethod(check
        .addStatement("$T.length(NETWORK, $S, batch, INPUT_SIZE, inputs.length)", CHECKS, net.input().name())
        .addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, net.input().name())
        .addStatement("return batch")
        .build());
  }

  private void configuration(TypeSpec.Builder type) {
    type.addMethod(override("networkName", String.class).addStatement("return NETWORK").build());
    type.addMethod(override("inputSize", int.class).addStatement("return INPUT_SIZE").build());
    type.addMethod(override("outputSize", int.class).addStatement("return OUTPUT_SIZE").build());
    type.addMethod(override("parameters", PARAMETER_SET).addStatement("return parameters").build());
    type.addMethod(override("steps", long.class).addStatement("return steps").build());
    type.addMethod(override("examplesSeen", long.class).addStatement("return examplesSeen").build());
    type.addMethod(override("optimizer", self).addParameter(OPTIMIZER, "optimizer")
        .addStatement("this.optimizer = $T.requireNonNull(optimizer, $S)", java.util.Objects.class, "optimizer")
        .addStatement("return this").build());
    type.addMethod(override("noiseSource", self).addParameter(NOISE_SOURCE, "noise")
        .addStatement("this.noise = $T.requireNonNull(noise, $S)", java.util.Objects.class, "noise")
        .addStatement("return this").build());
    type.addMethod(override("gradientClipping", self).addParameter(double.class, "maxNorm")
        .beginControlFlow("if (!(maxNorm >= 0) || Double.isInfinite(maxNorm))")
        .addStatement("throw new IllegalArgumentException(NETWORK + $S + maxNorm)",
            ": gradient clipping needs a finite maxNorm >= 0 (0 disables it), got ")
        .endControlFlow()
        .addStatement("this.maxGradientNorm = maxNorm")
        .addStatement("return this").build());
    type.addMethod(override("nonFiniteLoss", self).addParameter(POLICY, "policy")
        .addStatement("this.nonFiniteLoss = $T.requireNonNull(policy, $S)", java.util.Objects.class, "policy")
        .addStatement("return this").build());

    List<DenseLayerModel> noisy = net.noisyLayers();
    String known = noisy.isEmpty() ? "none" : noisy.stream().map(DenseLayerModel::name).collect(Collectors.joining(", "));
    MethodSpec.Builder set = override("noiseSchedule", self)
        .addParameter(String.class, "layer")
        .addParameter(SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule")
        .beginControlFlow("switch (layer)");
    MethodSpec.Builder setAll = override("noiseSchedule", self)
        .addParameter(SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule");
    MethodSpec.Builder level = override("noiseLevel", double.class)
        .addParameter(String.class, "layer")
        .beginControlFlow("switch (layer)");
    for (DenseLayerModel l : noisy) {
      set.addStatement("case $S: $L = schedule; return this", l.name(), Names.schedule(l));
      setAll.addStatement("$L = schedule", Names.schedule(l));
      level.addStatement("case $S: return $L.level(steps)", l.name(), Names.schedule(l));
    }
    String unknown = ": no noisy layer called '\" + layer + \"'; noisy layers: " + known;
    set.addStatement("default: throw new IllegalArgumentException(NETWORK + \"$L\")", unknown).endControlFlow();
    level.addStatement("default: throw new IllegalArgumentException(NETWORK + \"$L\")", unknown).endControlFlow();
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

  private void passes(TypeSpec.Builder type) {
    TypeName targets = loss.targetType(net.loss());
    String targetName = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? "labels" : "targets";

    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("All layers in order; {@code training} draws noise, otherwise noise takes its expectation.\n")
        .addParameter(s.array(), "inputs")
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("ensureCapacity(batch)");
    for (DenseLayerModel l : net.noisyLayers()) {
      forward.addStatement("$L = $L", Names.level(l), s.fromDouble(Names.schedule(l) + ".level(steps)"));
    }
    String x = "inputs";
    for (DenseLayerModel l : net.layers()) {
      forward.addStatement("$L($L, batch)", Names.linear(l), x);
      if (l.activation().fn() != Fn.IDENTITY) {
        forward.addStatement(l.activation().hasNoise() ? "$L(batch, training)" : "$L(batch)", Names.activate(l));
      }
      x = Names.out(l);
    }
    type.addMethod(forward.build());

    type.addMethod(MethodSpec.methodBuilder("forwardLoss")
        .addModifiers(Modifier.PRIVATE)
        .returns(double.class)
        .addParameter(s.array(), "inputs")
        .addParameter(targets, targetName)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("forward(inputs, batch, training)")
        .addStatement("return $L($L, batch, training)", LossWriter.methodName(net.loss()), targetName)
        .build());

    MethodSpec.Builder backward = MethodSpec.methodBuilder("backward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backpropagation from the loss gradient in $L down to every parameter gradient.\n",
            Names.delta(net.output()))
        .addParameter(s.array(), "inputs")
        .addParameter(int.class, "batch");
    List<DenseLayerModel> layers = net.layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      DenseLayerModel l = layers.get(i);
      if (l.activation().fn() != Fn.IDENTITY && !fusedIntoLoss(l)) {
        backward.addStatement("$L(batch)", Names.activateBackward(l));
      }
      backward.addStatement("$L($L, batch)", Names.gradients(l), i == 0 ? "inputs" : Names.out(layers.get(i - 1)));
      if (i > 0) {
        backward.addStatement("$L(batch)", Names.propagate(l));
      }
    }
    type.addMethod(backward.build());
  }

  /** Softmax on the last layer under cross-entropy: its gradient comes from the loss directly. */
  private boolean fusedIntoLoss(DenseLayerModel layer) {
    return layer == net.output() && net.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
  }

  private MethodSpec ensureCapacity() {
    MethodSpec.Builder m = MethodSpec.methodBuilder("ensureCapacity")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Grows the per-example buffers to {@code batch} examples; the only allocation after construction.\n")
        .addParameter(int.class, "batch")
        .addStatement("if (batch <= capacity) return");
    for (DenseLayerModel l : net.layers()) {
      for (String buffer : buffers(l)) {
        m.addStatement("$L = new $L[batch * $L]", buffer, s.name(), Names.units(l));
      }
    }
    return m.addStatement("capacity = batch").build();
  }
}
