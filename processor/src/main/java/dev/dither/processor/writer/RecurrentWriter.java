package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.SequenceOutput;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * An {@code @Lstm} or {@code @Gru} layer, unrolled over the sequence length known at compile
 * time and trained by backpropagation through time. This class declares the layer (parameters,
 * buffers, initialiser); {@link RecurrentForwardWriter} and {@link RecurrentBackwardWriter} write
 * the passes. Buffers are example-major, {@code [batch][steps][width]}, like the input.
 *
 * <p>The matrix products work on whole batches ({@link KernelWriter}): x W_ih for every step at
 * once before the recurrence, h_{t-1} W_hh per step for all examples, and the weight gradients
 * once after the reverse loop. They read row mirrors of the weights ({@code [inputs][gates]}
 * rows, and W_hh transposed for dL/dh_{t-1}) because C2 vectorises only loops that index every
 * array by the loop variable alone; the mirrors are refreshed from the parameters once per pass.
 *
 * <p>Variable-length examples carry their state unchanged past their length, so the last
 * step's state is the state after the example's own last step, and gradients pass the padded
 * steps unchanged.
 */
final class RecurrentWriter implements LayerWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentLayerModel l;
  private final RecurrentNames r;
  private final String inputDelta;
  private final RecurrentForwardWriter forward;
  private final RecurrentBackwardWriter backward;
  private final String laneInput;
  private final int forwardTask;
  private final int bpttTask;
  /** The sums of p's gradient, one per kind of site that keeps terms. */
  private final int[] pSumTasks;
  /** Input weight gradient, recurrent weight gradient, input gradient (or -1). */
  private final int[] productTasks;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  RecurrentWriter(WriterContext ctx, RecurrentLayerModel layer, String inputDelta) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.l = layer;
    this.r = new RecurrentNames(ctx, layer);
    this.inputDelta = inputDelta;
    this.forward = new RecurrentForwardWriter(ctx, r);
    this.backward = new RecurrentBackwardWriter(ctx, r, inputDelta);
    LaneWriter lanes = ctx.lanes;
    String name = layer.name();
    this.laneInput = lanes.input(ctx.inputRows(layer));
    this.forwardTask = lanes.task(name + ": forward pass, by example", r.m("ForwardRows") + "(" + laneInput + ", from, to)");
    this.bpttTask = lanes.task(name + ": BPTT, by example", r.m("BackwardRows") + "(from, to)");
    this.pSumTasks = backward.terms().sumCalls().stream()
        .mapToInt(call -> lanes.task(name + ": p gradient, by unit", call[0])).toArray();
    this.productTasks = new int[] {
        lanes.task(name + ": input weight gradient, by gradient row",
            r.m("InputWeightGradient") + "(" + laneInput + ", laneBatch, from, to)"),
        lanes.task(name + ": recurrent weight gradient, by gradient row", r.m("RecurrentWeightGradient") + "(laneBatch, from, to)"),
        inputDelta != null ? lanes.task(name + ": input gradient, by example", r.m("InputGradient") + "(from, to)") : -1};
  }

  // ---- LayerWriter ----

  @Override
  public RecurrentLayerModel model() {
    return l;
  }

  @Override
  public List<FieldSpec> fields() {
    String gates = r.gates();
    String in = r.in();
    String units = r.units();
    List<FieldSpec> f = new ArrayList<>();
    f.add(FieldSpec.builder(int.class, gates, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L * $L", l.cell().blocks(), units).build());
    f.add(ctx.array(r.wIh(), in + " * " + gates, "Input weights of " + r.origin
        + ", {@code [inputs][" + l.cell().blocks() + " units]}, blocks in PyTorch's order."));
    f.add(ctx.array(r.grad(r.wIh()), in + " * " + gates, null));
    f.add(ctx.array(r.wHh(), units + " * " + gates, "Recurrent weights, {@code [units][" + l.cell().blocks() + " units]}."));
    f.add(ctx.array(r.grad(r.wHh()), units + " * " + gates, null));
    f.add(ctx.array(r.bIh(), gates, null));
    f.add(ctx.array(r.grad(r.bIh()), gates, null));
    f.add(ctx.array(r.bHh(), gates, null));
    f.add(ctx.array(r.grad(r.bHh()), gates, null));
    if (l.gatesHaveP()) {
      f.add(ctx.array(r.pGates(), gates, "Per-unit p of the gate sites (eq. 9), one per stacked pre-activation."));
      f.add(ctx.array(r.grad(r.pGates()), gates, null));
    }
    if (l.cellHasP()) {
      f.add(ctx.array(r.pCell(), units, "Per-unit p of the cell output site tanh(c_t)."));
      f.add(ctx.array(r.grad(r.pCell()), units, null));
    }
    for (GateSite site : l.allSites()) {
      if (site.activation().hasNoise()) {
        f.add(ctx.schedule(r.schedule(site), site.activation().c()));
        f.add(ctx.level(r.level(site)));
      }
    }
    f.add(ctx.rows(r.wIhRows(), in, gates, "Row mirror of " + r.wIh() + ", refreshed each forward pass."));
    f.add(ctx.rows(r.wHhRows(), units, gates, "Row mirror of " + r.wHh() + ", refreshed each forward pass."));
    f.add(ctx.rows(r.wHhT(), gates, units, r.wHh() + " transposed, refreshed each backward pass: dL/dh_{t-1} = dG · W_hhᵀ."));
    if (inputDelta != null) {
      f.add(ctx.rows(r.wIhT(), gates, in, r.wIh() + " transposed, refreshed each backward pass: dL/dx = dG · W_ihᵀ."));
      f.add(ctx.rows(r.dxRows(), Integer.toString(KernelWriter.TARGETS), in, null));
    }
    f.add(ctx.rows(r.gIhRows(), in, gates, "The weight gradients summed in rows, copied to the flat gradients at the end."));
    f.add(ctx.rows(r.gHhRows(), units, gates, null));
    f.add(ctx.rows(r.acc(), Integer.toString(KernelWriter.TARGETS), gates, "Target rows of the forward products."));
    f.add(ctx.rows(r.deltaRows(), Integer.toString(KernelWriter.DEPTH), gates, "Four steps' gate gradients, for the weight gradients."));
    f.add(ctx.rows(r.dhRows(), Integer.toString(KernelWriter.TARGETS), units, null));
    f.addAll(backward.terms().fields());
    return f;
  }

  @Override
  public List<Buffer> buffers() {
    String steps = WriterContext.STEPS;
    String seqGates = steps + " * " + r.gates();
    String seqUnits = steps + " * " + r.units();
    List<Buffer> b = new ArrayList<>();
    b.add(Buffer.flat(r.pre(), seqGates));
    b.add(Buffer.flat(r.act(), seqGates));
    if (l.gateNoiseSite() >= 0) {
      b.add(Buffer.noise(r.xiGates(), seqGates));
    }
    if (r.lstm()) {
      b.add(Buffer.flat(r.cell(), seqUnits));
      b.add(Buffer.flat(r.cellAct(), seqUnits));
      if (l.cellNoiseSite() >= 0) {
        b.add(Buffer.noise(r.xiCell(), seqUnits));
      }
      b.add(Buffer.flat(r.c0(), r.units()));
      b.add(Buffer.flat(r.dCell(), seqUnits));
      b.add(Buffer.flat(r.dcNext(), r.units()));
    } else {
      b.add(Buffer.flat(r.hiddenN(), seqUnits));
      b.add(Buffer.flat(r.gh(), r.gates()));
      b.add(Buffer.flat(r.dGh(), seqGates));
    }
    b.add(Buffer.flat(r.hidden(), seqUnits));
    b.add(Buffer.flat(r.h0(), r.units()));
    if (l.output() != SequenceOutput.ALL) {
      b.add(Buffer.flat(r.out(), r.units()));
    }
    b.add(Buffer.flat(r.delta(), l.output() == SequenceOutput.ALL ? seqUnits : r.units()));
    b.add(Buffer.flat(r.dGates(), seqGates));
    b.add(Buffer.flat(r.dhNext(), r.units()));
    return b;
  }

  @Override
  public boolean rowsLayout() {
    return false;
  }

  @Override
  public List<CodeBlock> parameters() {
    String factory = s.parameterFactory();
    String n = l.name();
    List<CodeBlock> p = new ArrayList<>();
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".weight_ih", r.in(), r.gates(), r.wIh(), r.grad(r.wIh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".weight_hh", r.units(), r.gates(), r.wHh(), r.grad(r.wHh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".bias_ih", r.gates(), r.bIh(), r.grad(r.bIh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".bias_hh", r.gates(), r.bHh(), r.grad(r.bHh())));
    if (l.gatesHaveP()) {
      boolean trains = l.gateSites().stream().anyMatch(g -> g.activation().trainsP());
      p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, $L, $L, $L)", WriterContext.PARAMETER, factory,
          n + ".p_gates", r.gates(), trains, r.pGates(), r.grad(r.pGates())));
    }
    if (l.cellHasP()) {
      p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, $L, $L, $L)", WriterContext.PARAMETER, factory,
          n + ".p_cell", r.units(), l.cellSite().activation().trainsP(), r.pCell(), r.grad(r.pCell())));
    }
    return p;
  }

  @Override
  public MethodSpec initializer() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.initialize(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: every weight and bias U(-1/sqrt(units), 1/sqrt(units)) as PyTorch's recurrent\n"
            + "layers; p U[-1, 1] as in the paper.\n", r.origin)
        .addParameter(WriterContext.RANDOM, "random")
        .addStatement("final double bound = 1.0 / " + s.lang("Math") + ".sqrt($L)", r.units());
    for (String[] param : new String[][] {
        {"weight_ih", r.in() + " * " + r.gates()}, {"weight_hh", r.units() + " * " + r.gates()},
        {"bias_ih", r.gates()}, {"bias_hh", r.gates()}}) {
      String local = param[0].replace("_", "");
      m.addStatement("final double[] $L = new double[$L]", local, param[1]);
      m.addStatement("$T.uniform(random, $L, -bound, bound)", WriterContext.INITIALIZERS, local);
      m.addStatement(param[0].startsWith("weight") ? "parameters.get($S).copyFromTorchLayout($L)" : "parameters.get($S).copyFrom($L)",
          l.name() + "." + param[0], local);
    }
    if (l.gatesHaveP()) {
      m.addStatement("final double[] pGates = new double[$L]", r.gates());
      m.addStatement("$T.uniform(random, pGates, -1.0, 1.0)", WriterContext.INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(pGates)", l.name() + ".p_gates");
    }
    if (l.cellHasP()) {
      m.addStatement("final double[] pCell = new double[$L]", r.units());
      m.addStatement("$T.uniform(random, pCell, -1.0, 1.0)", WriterContext.INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(pCell)", l.name() + ".p_cell");
    }
    return m.build();
  }

  @Override
  public CodeBlock forward(String input) {
    return CodeBlock.builder()
        .beginControlFlow("if (training && workers != null && batch >= $L)", DenseKernelWriter.MIN_BATCH)
        .addStatement("$L($L, batch)", r.m("ForwardLanes"), input)
        .nextControlFlow("else")
        .add(evaluationForward(input))
        .endControlFlow()
        .build();
  }

  /** The model's own loops; on several threads, training takes {@code <layer>ForwardLanes}. */
  @Override
  public CodeBlock evaluationForward(String input) {
    return CodeBlock.of("$L($L, batch, training);\n", r.m("Forward"), input);
  }

  @Override
  public CodeBlock backward(String input) {
    return CodeBlock.builder()
        .beginControlFlow("if (workers != null && batch >= $L)", DenseKernelWriter.MIN_BATCH)
        .addStatement("$L($L, batch)", r.m("BackwardLanes"), input)
        .nextControlFlow("else")
        .addStatement("$L($L, batch)", r.m("Backward"), input)
        .endControlFlow()
        .build();
  }

  /** The scratch rows of the products, one set per lane. */
  @Override
  public List<FieldSpec> laneFields() {
    String gates = r.gates();
    List<FieldSpec> f = new ArrayList<>();
    if (inputDelta != null) {
      f.add(ctx.rows(r.dxRows(), Integer.toString(KernelWriter.TARGETS), r.in(), null));
    }
    f.add(ctx.rows(r.acc(), Integer.toString(KernelWriter.TARGETS), gates, null));
    f.add(ctx.rows(r.deltaRows(), Integer.toString(KernelWriter.DEPTH), gates, null));
    f.add(ctx.rows(r.dhRows(), Integer.toString(KernelWriter.TARGETS), r.units(), null));
    return f;
  }

  @Override
  public List<MethodSpec> laneMethods() {
    List<MethodSpec> methods = new ArrayList<>(forward.laneMethods());
    methods.addAll(backward.laneMethods());
    return methods;
  }

  @Override
  public String output() {
    return l.output() == SequenceOutput.ALL ? r.hidden() : r.out();
  }

  @Override
  public String delta() {
    return r.delta();
  }

  @Override
  public List<NoiseSiteFields> noiseSites() {
    List<NoiseSiteFields> sites = new ArrayList<>();
    for (GateSite site : l.allSites()) {
      if (site.activation().hasNoise()) {
        sites.add(new NoiseSiteFields(l.name() + "." + site.gate().name().toLowerCase(Locale.ROOT), r.schedule(site),
            r.level(site), site.activation().c()));
      }
    }
    return sites;
  }

  /** {@code <layer>Carry(batch)}: the state after the last step becomes the next call's initial state. */
  MethodSpec carryMethod() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(r.m("Carry"))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: for truncated BPTT, the state after the last step becomes the initial\n"
            + "state of the next call (no gradient flows back into it).\n", r.origin)
        .addParameter(int.class, "batch")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int last = (n * STEPS + STEPS - 1) * $L", r.units())
        .addStatement(s.lang("System") + ".arraycopy($L, last, $L, n * $L, $L)", r.hidden(), r.h0(), r.units(), r.units());
    if (r.lstm()) {
      m.addStatement(s.lang("System") + ".arraycopy($L, last, $L, n * $L, $L)", r.cell(), r.c0(), r.units(), r.units());
    }
    return m.endControlFlow().build();
  }

  /** The state carried between calls: {@code h} (and the LSTM's {@code c}), {@code [batch][units]}. */
  List<PersistenceWriter.Carried> carried() {
    List<PersistenceWriter.Carried> state = new ArrayList<>();
    state.add(new PersistenceWriter.Carried(l.name() + ".h", r.h0(), r.units()));
    if (r.lstm()) {
      state.add(new PersistenceWriter.Carried(l.name() + ".c", r.c0(), r.units()));
    }
    return state;
  }

  /** Statements that zero the initial state. */
  CodeBlock resetState() {
    CodeBlock.Builder c = CodeBlock.builder().addStatement("$T.fill($L, $L)", java.util.Arrays.class, r.h0(), s.lit(0));
    if (r.lstm()) {
      c.addStatement("$T.fill($L, $L)", java.util.Arrays.class, r.c0(), s.lit(0));
    }
    return c.build();
  }

  @Override
  public List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(carryMethod());
    methods.addAll(forward.methods());
    methods.add(forward.forwardLanes(laneInput, forwardTask));
    methods.addAll(backward.methods());
    methods.add(backward.backwardLanes(laneInput, bpttTask, pSumTasks, productTasks));
    return methods;
  }
}
