package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.Fn;
import dev.dither.Init;
import dev.dither.Loss;
import dev.dither.processor.model.DenseLayerModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/** A {@code @Dense} layer: its parameters, buffers, initialiser and passes. */
final class DenseWriter implements LayerWriter {
  private final WriterContext ctx;
  private final DenseLayerModel l;
  private final DenseLayerWriter loops;
  private final DenseKernelWriter blocked;
  private final ActivationWriter activations;
  private final String origin;
  private final String inputDelta;
  private final int activateTask;
  private final int activateBackwardTask;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  DenseWriter(WriterContext ctx, DenseLayerModel layer, String inputDelta) {
    this.ctx = ctx;
    this.l = layer;
    this.inputDelta = inputDelta;
    this.loops = new DenseLayerWriter(ctx.s, ctx.kernels);
    this.blocked = new DenseKernelWriter(ctx, layer, inputDelta != null);
    this.activations = new ActivationWriter(ctx.s);
    this.origin = origin(layer);
    boolean activates = layer.activation().fn() != Fn.IDENTITY;
    LaneWriter lanes = ctx.lanes;
    this.activateTask = activates ? lanes.task(layer.name() + ": activation, by example",
        layer.name() + "ActivateRows(from, to)") : -1;
    this.activateBackwardTask = activates && !fusedIntoLoss() ? lanes.task(layer.name() + ": activation gradient, by "
        + (layer.activation().trainsP() ? "unit" : "example"), layer.name() + "ActivateBackwardRows(laneBatch, from, to)") : -1;
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
    return o.append("} on ").append(ctx.link(layer.name())).toString();
  }

  @Override
  public DenseLayerModel model() {
    return l;
  }

  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    String size = ctx.inputUnits(l) + " * " + Names.units(l);
    f.add(ctx.array(Names.weight(l), size, "Weights of " + origin + ", {@code [inputs][units]}."));
    f.add(ctx.array(Names.weightGrad(l), size, null));
    f.add(ctx.array(Names.bias(l), Names.units(l), null));
    f.add(ctx.array(Names.biasGrad(l), Names.units(l), null));
    if (l.activation().hasP()) {
      f.add(ctx.array(Names.p(l), Names.units(l), "Per-unit p of eq. 9, initialised U[-1, 1] as in the paper."));
      f.add(ctx.array(Names.pGrad(l), Names.units(l), null));
    }
    if (l.activation().hasNoise()) {
      f.add(ctx.schedule(Names.schedule(l), l.activation().c()));
      f.add(ctx.level(Names.level(l)));
    }
    f.addAll(blocked.modelFields());
    return f;
  }

  @Override
  public List<Buffer> buffers() {
    String rowsPerExample = ctx.perStepInput(l) ? WriterContext.STEPS : "1";
    String units = Names.units(l);
    List<Buffer> b = new ArrayList<>();
    b.add(Buffer.rows(Names.pre(l), rowsPerExample, units));
    if (l.activation().fn() != Fn.IDENTITY) {
      b.add(Buffer.rows(Names.out(l), rowsPerExample, units));
    }
    b.add(Buffer.rows(Names.delta(l), rowsPerExample, units));
    if (l.activation().hasNoise()) {
      b.add(Buffer.noise(Names.xi(l), ctx.perStepInput(l) ? WriterContext.STEPS + " * " + units : units));
    }
    return b;
  }

  @Override
  public boolean rowsLayout() {
    return true;
  }

  @Override
  public List<CodeBlock> parameters() {
    String factory = ctx.s.parameterFactory();
    List<CodeBlock> p = new ArrayList<>();
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L)", WriterContext.PARAMETER, factory,
        l.name() + ".weight", ctx.inputUnits(l), Names.units(l), Names.weight(l), Names.weightGrad(l)));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, true, $L, $L)", WriterContext.PARAMETER, factory,
        l.name() + ".bias", Names.units(l), Names.bias(l), Names.biasGrad(l)));
    if (l.activation().hasP()) {
      p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, $L, $L, $L)", WriterContext.PARAMETER, factory,
          l.name() + ".p", Names.units(l), l.activation().trainsP(), Names.p(l), Names.pGrad(l)));
    }
    return p;
  }

  @Override
  public MethodSpec initializer() {
    String in = ctx.inputUnits(l);
    String units = Names.units(l);
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.initialize(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L weights$L, PyTorch's default bias$L.\n", origin, l.init(),
            l.init() == Init.PYTORCH_DEFAULT ? "" : " with gain " + l.gain(),
            l.biasShift() != 0 ? " shifted by " + l.biasShift() : "")
        .addParameter(WriterContext.RANDOM, "random");
    m.addStatement("final double[] w = new double[$L * $L]", units, in);
    switch (l.init()) {
      case PYTORCH_DEFAULT -> m.addStatement("$T.pytorchLinearWeight(random, w, $L)", WriterContext.INITIALIZERS, in);
      case GLOROT_UNIFORM -> m.addStatement("$T.glorotUniform(random, w, $L, $L, $L)", WriterContext.INITIALIZERS, in, units, l.gain());
      case ORTHOGONAL -> m.addStatement("$T.orthogonal(random, w, $L, $L, $L)", WriterContext.INITIALIZERS, units, in, l.gain());
    }
    m.addStatement("parameters.get($S).copyFromTorchLayout(w)", l.name() + ".weight");
    m.addStatement("final double[] b = new double[$L]", units);
    m.addStatement("$T.pytorchLinearBias(random, b, $L)", WriterContext.INITIALIZERS, in);
    if (l.biasShift() != 0) {
      m.addStatement("for (int k = 0; k < $L; k++) b[k] += $L", units, l.biasShift());
    }
    m.addStatement("parameters.get($S).copyFrom(b)", l.name() + ".bias");
    if (l.activation().hasP()) {
      m.addStatement("final double[] p = new double[$L]", units);
      m.addStatement("$T.uniform(random, p, -1.0, 1.0)", WriterContext.INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(p)", l.name() + ".p");
    }
    return m.build();
  }

  @Override
  public List<MethodSpec> methods() {
    String in = ctx.inputUnits(l);
    List<MethodSpec> m = new ArrayList<>();
    boolean inputRows = ctx.inputRows(l);
    m.add(loops.linear(l, in, inputRows, origin));
    m.add(loops.linearOne(l, in, inputRows));
    m.add(blocked.linear(origin));
    if (l.activation().fn() != Fn.IDENTITY) {
      m.add(activations.forward(l, origin, ctx.perStepInput(l)));
      m.add(activations.forwardLanes(l, origin, ctx.perStepInput(l), activateTask));
      if (!fusedIntoLoss()) {
        m.add(activations.backward(l, origin, activateBackwardTask));
      }
    }
    m.add(loops.gradients(l, in, inputRows, origin));
    m.add(blocked.gradients(origin));
    if (inputDelta != null) {
      m.add(loops.propagate(l, in, inputDelta, inputRows, origin));
      m.add(blocked.propagate(origin, inputDelta));
    }
    return m;
  }

  @Override
  public List<FieldSpec> laneFields() {
    return blocked.laneFields();
  }

  @Override
  public List<MethodSpec> laneMethods() {
    List<MethodSpec> m = new ArrayList<>();
    if (l.activation().fn() != Fn.IDENTITY) {
      m.add(activations.forwardRows(l));
      if (!fusedIntoLoss()) {
        m.add(activations.backwardRows(l));
      }
    }
    m.add(blocked.mirrorRows());
    m.add(blocked.linearRows());
    m.add(blocked.gradientRows());
    if (inputDelta != null) {
      m.add(blocked.propagateRows(inputDelta, ctx.inputRows(l)));
    }
    return m;
  }

  /** Softmax on the last layer under cross-entropy: its gradient comes from the loss directly. */
  private boolean fusedIntoLoss() {
    return l.index() == ctx.net.layers().size() - 1 && ctx.net.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
  }

  @Override
  public CodeBlock forward(String input) {
    String rows = ctx.rows(l);
    CodeBlock.Builder c = CodeBlock.builder()
        .beginControlFlow("if (training && $L >= $L)", rows, DenseKernelWriter.MIN_BATCH)
        .addStatement("$L($L, $L)", DenseKernelWriter.linear(l), input, rows);
    if (l.activation().fn() != Fn.IDENTITY) {
      c.addStatement("$LActivateLanes($L)", l.name(), rows);
    }
    c.nextControlFlow("else")
        .addStatement("$L($L, $L)", Names.linear(l), input, rows);
    return activate(c, rows).endControlFlow().build();
  }

  /** Without the blocked training path, which an inference view never takes. */
  @Override
  public CodeBlock evaluationForward(String input) {
    String rows = ctx.rows(l);
    return activate(CodeBlock.builder().addStatement("$L($L, $L)", Names.linear(l), input, rows), rows).build();
  }

  private CodeBlock.Builder activate(CodeBlock.Builder c, String rows) {
    if (l.activation().fn() != Fn.IDENTITY) {
      c.addStatement(l.activation().hasNoise() ? "$L($L, training)" : "$L($L)", Names.activate(l), rows);
    }
    return c;
  }

  @Override
  public CodeBlock backward(String input) {
    String rows = ctx.rows(l);
    CodeBlock.Builder c = CodeBlock.builder();
    if (l.activation().fn() != Fn.IDENTITY && !fusedIntoLoss()) {
      c.addStatement("$L($L)", Names.activateBackward(l), rows);
    }
    c.addStatement("$L($L, $L)", Names.gradients(l), input, rows);
    if (inputDelta != null) {
      c.addStatement("$L($L)", Names.propagate(l), rows);
    }
    return c.build();
  }

  @Override
  public String output() {
    return Names.out(l);
  }

  @Override
  public String delta() {
    return Names.delta(l);
  }

  @Override
  public List<NoiseSiteFields> noiseSites() {
    return l.activation().hasNoise()
        ? List.of(new NoiseSiteFields(l.name(), Names.schedule(l), Names.level(l), l.activation().c()))
        : List.of();
  }
}
