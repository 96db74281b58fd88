package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.GateName;
import dev.dither.SequenceOutput;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.Cell;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Modifier;

/**
 * An {@code @Lstm} or {@code @Gru} layer, unrolled over the sequence length known at compile
 * time and trained by backpropagation through time. Buffers are example-major,
 * {@code [batch][steps][width]}, like the input. Per step, the forward pass builds the stacked
 * pre-activations ({@code x_t W_ih + h_{t-1} W_hh + b}, axpy loops over input-major weights),
 * applies each gate site with its function inlined ({@link ActivationWriter}), then updates the
 * cell. The backward pass walks the steps in reverse carrying dL/dh and dL/dc; the input-side
 * weight gradient and the gradient at the input are taken once over all steps afterwards.
 *
 * <p>Variable-length examples carry their state unchanged past their length, so the last
 * step's state is the state after the example's own last step, and gradients pass the padded
 * steps unchanged.
 */
final class RecurrentWriter implements LayerWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentLayerModel l;
  private final ActivationWriter activations;
  private final String inputDelta;
  private final boolean inputRows;
  private final String origin;
  private final String n;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  RecurrentWriter(WriterContext ctx, RecurrentLayerModel layer, String inputDelta) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.l = layer;
    this.activations = new ActivationWriter(ctx.s);
    this.inputDelta = inputDelta;
    this.inputRows = ctx.inputRows(layer);
    this.n = layer.name();
    this.origin = "{@code @" + (layer.cell() == Cell.LSTM ? "Lstm" : "Gru") + "(" + layer.units() + ")} on "
        + ctx.link(layer.name());
  }

  // ---- names ----

  private String units() { return Names.units(l); }
  private com.palantir.javapoet.TypeName inputType() { return inputRows ? s.rows() : s.array(); }
  /** Element i of input row r (an expression), whatever the producer's layout. */
  private String inputAt(String row, String i) {
    return inputRows ? "x[" + row + "][" + i + "]" : "x[(" + row + ") * " + in() + " + " + i + "]";
  }
  private String gates() { return Names.constant(n) + "_GATES"; }
  private String in() { return ctx.inputUnits(l); }
  private String m(String suffix) { return n + suffix; }
  private String wIh() { return m("WeightIh"); }
  private String wHh() { return m("WeightHh"); }
  private String bIh() { return m("BiasIh"); }
  private String bHh() { return m("BiasHh"); }
  private String grad(String name) { return name + "Grad"; }
  private String pGates() { return m("PGates"); }
  private String pCell() { return m("PCell"); }
  private String pre() { return m("Pre"); }
  private String act() { return m("Act"); }
  private String xiGates() { return m("XiGates"); }
  private String cell() { return m("Cell"); }
  private String cellAct() { return m("CellAct"); }
  private String xiCell() { return m("XiCell"); }
  private String hidden() { return m("Hidden"); }
  private String hiddenN() { return m("HiddenN"); }
  private String gh() { return m("Gh"); }
  private String out() { return m("Out"); }
  private String h0() { return m("H0"); }
  private String c0() { return m("C0"); }
  private String deltaName() { return m("Delta"); }
  private String dGates() { return m("DGates"); }
  private String dCell() { return m("DCell"); }
  private String dGh() { return m("DGh"); }
  private String dhNext() { return m("DhNext"); }
  private String dcNext() { return m("DcNext"); }

  private String siteName(GateSite site) {
    String g = site.gate().name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(g.charAt(0)) + g.substring(1);
  }

  private String schedule(GateSite site) { return m(siteName(site) + "Schedule"); }
  private String level(GateSite site) { return m(siteName(site) + "Level"); }

  private boolean lstm() {
    return l.cell() == Cell.LSTM;
  }

  /** The constant expression of block {@code b}'s first unit, e.g. {@code 2 * LSTM_UNITS}. */
  private String blockOffset(int b) {
    return b == 0 ? "0" : b == 1 ? units() : b + " * " + units();
  }

  // ---- LayerWriter ----

  @Override
  public RecurrentLayerModel model() {
    return l;
  }

  @Override
  public List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    f.add(FieldSpec.builder(int.class, gates(), Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer("$L * $L", l.cell().blocks(), units()).build());
    f.add(ctx.array(wIh(), in() + " * " + gates(), "Input weights of " + origin
        + ", {@code [inputs][" + l.cell().blocks() + " units]}, blocks in PyTorch's order."));
    f.add(ctx.array(grad(wIh()), in() + " * " + gates(), null));
    f.add(ctx.array(wHh(), units() + " * " + gates(), "Recurrent weights, {@code [units][" + l.cell().blocks() + " units]}."));
    f.add(ctx.array(grad(wHh()), units() + " * " + gates(), null));
    f.add(ctx.array(bIh(), gates(), null));
    f.add(ctx.array(grad(bIh()), gates(), null));
    f.add(ctx.array(bHh(), gates(), null));
    f.add(ctx.array(grad(bHh()), gates(), null));
    if (l.gatesHaveP()) {
      f.add(ctx.array(pGates(), gates(), "Per-unit p of the gate sites (eq. 9), one per stacked pre-activation."));
      f.add(ctx.array(grad(pGates()), gates(), null));
    }
    if (l.cellHasP()) {
      f.add(ctx.array(pCell(), units(), "Per-unit p of the cell output site tanh(c_t)."));
      f.add(ctx.array(grad(pCell()), units(), null));
    }
    for (GateSite site : l.allSites()) {
      if (site.activation().hasNoise()) {
        f.add(ctx.schedule(schedule(site), site.activation().c()));
        f.add(ctx.level(level(site)));
      }
    }
    return f;
  }

  @Override
  public List<Buffer> buffers() {
    String steps = WriterContext.STEPS;
    String seqGates = steps + " * " + gates();
    String seqUnits = steps + " * " + units();
    List<Buffer> b = new ArrayList<>();
    b.add(Buffer.flat(pre(), seqGates));
    b.add(Buffer.flat(act(), seqGates));
    if (l.gateNoiseSite() >= 0) {
      b.add(Buffer.noise(xiGates(), seqGates));
    }
    if (lstm()) {
      b.add(Buffer.flat(cell(), seqUnits));
      b.add(Buffer.flat(cellAct(), seqUnits));
      if (l.cellNoiseSite() >= 0) {
        b.add(Buffer.noise(xiCell(), seqUnits));
      }
      b.add(Buffer.flat(c0(), units()));
      b.add(Buffer.flat(dCell(), seqUnits));
      b.add(Buffer.flat(dcNext(), units()));
    } else {
      b.add(Buffer.flat(hiddenN(), seqUnits));
      b.add(Buffer.flat(gh(), gates()));
      b.add(Buffer.flat(dGh(), gates()));
    }
    b.add(Buffer.flat(hidden(), seqUnits));
    b.add(Buffer.flat(h0(), units()));
    if (l.output() != SequenceOutput.ALL) {
      b.add(Buffer.flat(out(), units()));
    }
    b.add(Buffer.flat(deltaName(), l.output() == SequenceOutput.ALL ? seqUnits : units()));
    b.add(Buffer.flat(dGates(), seqGates));
    b.add(Buffer.flat(dhNext(), units()));
    return b;
  }

  @Override
  public boolean rowsLayout() {
    return false;
  }

  @Override
  public List<CodeBlock> parameters() {
    String factory = s.parameterFactory();
    List<CodeBlock> p = new ArrayList<>();
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".weight_ih", in(), gates(), wIh(), grad(wIh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L, $L}, true, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".weight_hh", units(), gates(), wHh(), grad(wHh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".bias_ih", gates(), bIh(), grad(bIh())));
    p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, true, $L, $L)", WriterContext.PARAMETER, factory,
        n + ".bias_hh", gates(), bHh(), grad(bHh())));
    if (l.gatesHaveP()) {
      boolean trains = l.gateSites().stream().anyMatch(g -> g.activation().trainsP());
      p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, $L, $L, $L)", WriterContext.PARAMETER, factory,
          n + ".p_gates", gates(), trains, pGates(), grad(pGates())));
    }
    if (l.cellHasP()) {
      p.add(CodeBlock.of("$T.$L($S, new int[] {$L}, false, $L, $L, $L)", WriterContext.PARAMETER, factory,
          n + ".p_cell", units(), l.cellSite().activation().trainsP(), pCell(), grad(pCell())));
    }
    return p;
  }

  @Override
  public MethodSpec initializer() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.initialize(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: every weight and bias U(-1/sqrt(units), 1/sqrt(units)) as PyTorch's recurrent\n"
            + "layers; p U[-1, 1] as in the paper.\n", origin)
        .addParameter(WriterContext.RANDOM, "random")
        .addStatement("final double bound = 1.0 / " + s.lang("Math") + ".sqrt($L)", units());
    for (String[] param : new String[][] {
        {"weight_ih", in() + " * " + gates()}, {"weight_hh", units() + " * " + gates()},
        {"bias_ih", gates()}, {"bias_hh", gates()}}) {
      String local = param[0].replace("_", "");
      m.addStatement("final double[] $L = new double[$L]", local, param[1]);
      m.addStatement("$T.uniform(random, $L, -bound, bound)", WriterContext.INITIALIZERS, local);
      m.addStatement(param[0].startsWith("weight") ? "parameters.get($S).copyFromTorchLayout($L)" : "parameters.get($S).copyFrom($L)",
          n + "." + param[0], local);
    }
    if (l.gatesHaveP()) {
      m.addStatement("final double[] pGates = new double[$L]", gates());
      m.addStatement("$T.uniform(random, pGates, -1.0, 1.0)", WriterContext.INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(pGates)", n + ".p_gates");
    }
    if (l.cellHasP()) {
      m.addStatement("final double[] pCell = new double[$L]", units());
      m.addStatement("$T.uniform(random, pCell, -1.0, 1.0)", WriterContext.INITIALIZERS);
      m.addStatement("parameters.get($S).copyFrom(pCell)", n + ".p_cell");
    }
    return m.build();
  }

  @Override
  public CodeBlock forward(String input) {
    return CodeBlock.of("$L($L, batch, training);\n", m("Forward"), input);
  }

  @Override
  public CodeBlock backward(String input) {
    return CodeBlock.of("$L($L, batch);\n", m("Backward"), input);
  }

  @Override
  public String output() {
    return l.output() == SequenceOutput.ALL ? hidden() : out();
  }

  @Override
  public String delta() {
    return deltaName();
  }

  @Override
  public List<NoiseSiteFields> noiseSites() {
    List<NoiseSiteFields> sites = new ArrayList<>();
    for (GateSite site : l.allSites()) {
      if (site.activation().hasNoise()) {
        sites.add(new NoiseSiteFields(n + "." + site.gate().name().toLowerCase(Locale.ROOT), schedule(site), level(site), site.activation().c()));
      }
    }
    return sites;
  }

  /** The state carried between calls: {@code h} (and the LSTM's {@code c}), {@code [batch][units]}. */
  List<PersistenceWriter.Carried> carried() {
    List<PersistenceWriter.Carried> state = new ArrayList<>();
    state.add(new PersistenceWriter.Carried(n + ".h", h0(), units()));
    if (lstm()) {
      state.add(new PersistenceWriter.Carried(n + ".c", c0(), units()));
    }
    return state;
  }

  /** {@code <layer>Carry(batch)}: the state after the last step becomes the next call's initial state. */
  MethodSpec carryMethod() {
    MethodSpec.Builder m = method("Carry", "$L: for truncated BPTT, the state after the last step becomes the initial\n"
            + "state of the next call (no gradient flows back into it).")
        .addParameter(int.class, "batch")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int last = (n * STEPS + STEPS - 1) * $L", units())
        .addStatement(s.lang("System") + ".arraycopy($L, last, $L, n * $L, $L)", hidden(), h0(), units(), units());
    if (lstm()) {
      m.addStatement(s.lang("System") + ".arraycopy($L, last, $L, n * $L, $L)", cell(), c0(), units(), units());
    }
    return m.endControlFlow().build();
  }

  /** Statements that zero the initial state. */
  CodeBlock resetState() {
    CodeBlock.Builder c = CodeBlock.builder().addStatement("$T.fill($L, $L)", java.util.Arrays.class, h0(), s.lit(0));
    if (lstm()) {
      c.addStatement("$T.fill($L, $L)", java.util.Arrays.class, c0(), s.lit(0));
    }
    return c.build();
  }

  @Override
  public List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(carryMethod());
    methods.add(forwardMethod());
    methods.add(stepMethod());
    methods.add(gatesMethod());
    methods.add(updateMethod());
    if (l.output() != SequenceOutput.ALL) {
      methods.add(poolMethod());
    }
    methods.add(backwardMethod());
    methods.add(backStepMethod());
    methods.add(gatesBackwardMethod());
    methods.add(gradientsMethod());
    return methods;
  }

  // ---- forward ----

  private MethodSpec forwardMethod() {
    MethodSpec.Builder m = method("Forward", "$L: the time loop, with noise drawn for every step at once.")
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training");
    if (l.gateNoiseSite() >= 0 || l.cellNoiseSite() >= 0) {
      m.beginControlFlow("if (training)");
      if (l.gateNoiseSite() >= 0) {
        m.addStatement("noise.fill($L, examplesSeen, batch, STEPS * $L, $L)", l.gateNoiseSite(), gates(), xiGates());
      }
      if (l.cellNoiseSite() >= 0) {
        m.addStatement("noise.fill($L, examplesSeen, batch, STEPS * $L, $L)", l.cellNoiseSite(), units(), xiCell());
      }
      m.endControlFlow();
    }
    m.beginControlFlow("for (int t = 0; t < STEPS; t++)")
        .addStatement("$L(x, t, batch)", m("Step"))
        .addStatement("$L(t, batch, training)", m("Gates"))
        .addStatement("$L(t, batch, training)", m("Update"))
        .endControlFlow();
    if (l.output() != SequenceOutput.ALL) {
      m.addStatement("$L(batch)", m("Pool"));
    }
    return m.build();
  }

  private MethodSpec.Builder method(String suffix, String doc) {
    return MethodSpec.methodBuilder(m(suffix))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc(doc.replace("$L", "$1L") + "\n", origin);
  }

  /** Declares hp/hpBase (and cp for an LSTM): where row n's previous state starts. */
  private void previousState(MethodSpec.Builder m) {
    m.addComment("The state before step t: the initial state at t = 0, else step t - 1.");
    m.addStatement("final $T hp = t == 0 ? $L : $L", s.array(), h0(), hidden());
    if (lstm()) {
      m.addStatement("final $T cp = t == 0 ? $L : $L", s.array(), c0(), cell());
    }
    m.addStatement("final int prevStride = t == 0 ? $L : STEPS * $L", units(), units());
    m.addStatement("final int prevOffset = t == 0 ? 0 : (t - 1) * $L", units());
  }

  private MethodSpec stepMethod() {
    MethodSpec.Builder m = method("Step", lstm()
            ? "$L: the stacked pre-activations x_t W_ih + b_ih + h_{t-1} W_hh + b_hh of step t."
            : "$L: x_t W_ih + b_ih into the gate buffer and h_{t-1} W_hh + b_hh into the recurrent part of step t.")
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "t", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T z = $L", s.array(), pre())
        .addStatement("final $T w = $L", s.array(), wIh())
        .addStatement("final $T u = $L", s.array(), wHh());
    previousState(m);
    // Input part.
    m.beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int zo = (n * STEPS + t) * $L", gates());
    if (lstm()) {
      m.addStatement("for (int o = 0; o < $L; o++) z[zo + o] = $L[o] + $L[o]", gates(), bIh(), bHh());
    } else {
      m.addStatement(s.lang("System") + ".arraycopy($L, 0, z, zo, $L)", bIh(), gates());
      m.addStatement(s.lang("System") + ".arraycopy($L, 0, $L, n * $L, $L)", bHh(), gh(), gates(), gates());
    }
    m.endControlFlow();
    axpy(m, in(), inputAt("n * STEPS + t", "i"), "w", "z", "(n * STEPS + t) * " + gates());
    axpy(m, units(), "hp[n * prevStride + prevOffset + i]", "u", lstm() ? "z" : gh(), lstm() ? "(n * STEPS + t) * " + gates() : "n * " + gates());
    if (!lstm()) {
      m.addComment("r and z add the recurrent part now; n keeps it apart until the reset gate is known.");
      m.beginControlFlow("for (int n = 0; n < batch; n++)")
          .addStatement("final int zo = (n * STEPS + t) * $L", gates())
          .addStatement("final int go = n * $L", gates())
          .addStatement("for (int o = 0; o < 2 * $L; o++) z[zo + o] += $L[go + o]", units(), gh())
          .addStatement(s.lang("System") + ".arraycopy($L, go + 2 * $L, $L, (n * STEPS + t) * $L, $L)", gh(), units(), hiddenN(), units(), units())
          .endControlFlow();
    }
    return m.build();
  }

  /** target[n][:] += Σ_i source[n][i] · weight[i][:], as axpy loops over weight rows. */
  private void axpy(MethodSpec.Builder m, String inWidth, String source, String weight,
      String target, String targetBase) {
    m.beginControlFlow("for (int i = 0; i < $L; i++)", inWidth)
        .addStatement("final int row = i * $L", gates())
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final $L v = $L", s.name(), source)
        .beginControlFlow("if (v != $L)", s.lit(0))
        .addStatement("final int zo = $L", targetBase)
        .addStatement("for (int o = 0; o < $L; o++) $L[zo + o] += v * $L[row + o]", gates(), target, weight)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow();
  }

  private Site gateSite(GateSite site) {
    return Site.slice(site.activation(), pre(), act(), dGates(), xiGates(), pGates(), grad(pGates()),
        blockOffset(site.block()), level(site), "batch", "STEPS * " + gates(),
        site.block() == 0 ? "t * " + gates() : "t * " + gates() + " + " + blockOffset(site.block()), units());
  }

  private Site cellSiteSlice() {
    GateSite site = l.cellSite();
    return Site.slice(site.activation(), cell(), cellAct(), dCell(), xiCell(), pCell(), grad(pCell()),
        "0", level(site), "batch", "STEPS * " + units(), "t * " + units(), units());
  }

  private MethodSpec gatesMethod() {
    MethodSpec.Builder m = method("Gates", "$L: the gate functions of step t, inlined per site.")
        .addParameter(int.class, "t", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training");
    for (GateSite site : l.gateSites()) {
      if (!lstm() && site.gate() == GateName.CANDIDATE) {
        m.addComment("n's pre-activation: W_in x + b_in + r (W_hn h + b_hn), now that r is known.");
        m.beginControlFlow("for (int n = 0; n < batch; n++)")
            .addStatement("final int zo = (n * STEPS + t) * $L", gates())
            .addStatement("final int ho = (n * STEPS + t) * $L", units())
            .addStatement("for (int k = 0; k < $L; k++) $L[zo + 2 * $L + k] += $L[zo + k] * $L[ho + k]",
                units(), pre(), units(), act(), hiddenN())
            .endControlFlow();
      }
      m.addComment("$L: $L$L", site.gate(), site.activation().fn(),
          site.activation().hasNoise() ? " with " + site.activation().variant() + " noise" : "");
      siteForward(m, gateSite(site));
    }
    return m.build();
  }

  private void siteForward(MethodSpec.Builder m, Site site) {
    if (site.activation().hasNoise()) {
      m.beginControlFlow("if (training)")
          .addCode(activations.forwardLoop(site, true))
          .nextControlFlow("else")
          .addCode(activations.forwardLoop(site, false))
          .endControlFlow();
    } else {
      m.addCode(activations.forwardLoop(site, false));
    }
  }

  private MethodSpec updateMethod() {
    MethodSpec.Builder m = method("Update", lstm()
            ? "$L: c_t = f c_{t-1} + i g, then h_t = o tanh(c_t) with the cell site's function."
            : "$L: h_t = (1 - z) n + z h_{t-1}.")
        .addParameter(int.class, "t", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training");
    previousState(m);
    String hdn = units();
    m.beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int go = (n * STEPS + t) * $L", gates())
        .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
        .addStatement("final int po = n * prevStride + prevOffset");
    if (lstm()) {
      m.addStatement("for (int k = 0; k < $L; k++) $L[ho + k] = $L[go + $L + k] * cp[po + k] + $L[go + k] * $L[go + 2 * $L + k]",
          hdn, cell(), act(), hdn, act(), act(), hdn);
    } else {
      m.beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
          .addStatement("final $L z = $L[go + $L + k]", s.name(), act(), hdn)
          .addStatement("$L[ho + k] = ($L - z) * $L[go + 2 * $L + k] + z * hp[po + k]", hidden(), s.lit(1), act(), hdn)
          .endControlFlow();
    }
    m.endControlFlow();
    if (lstm()) {
      m.addComment("CELL: $L$L", l.cellSite().activation().fn(),
          l.cellSite().activation().hasNoise() ? " with " + l.cellSite().activation().variant() + " noise" : "");
      siteForward(m, cellSiteSlice());
      m.beginControlFlow("for (int n = 0; n < batch; n++)")
          .addStatement("final int go = (n * STEPS + t) * $L", gates())
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("for (int k = 0; k < $L; k++) $L[ho + k] = $L[go + 3 * $L + k] * $L[ho + k]",
              hdn, hidden(), act(), hdn, cellAct())
          .endControlFlow();
    }
    if (l.variableLength()) {
      m.addComment("Past its length an example keeps its state.");
      m.beginControlFlow("for (int n = 0; n < batch; n++)")
          .beginControlFlow("if (t >= lengths[n])")
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("final int po = n * prevStride + prevOffset")
          .addStatement(s.lang("System") + ".arraycopy(hp, po, $L, ho, $L)", hidden(), hdn);
      if (lstm()) {
        m.addStatement(s.lang("System") + ".arraycopy(cp, po, $L, ho, $L)", cell(), hdn);
      }
      m.endControlFlow().endControlFlow();
    }
    return m.build();
  }

  private MethodSpec poolMethod() {
    MethodSpec.Builder m = method("Pool", l.output() == SequenceOutput.LAST
            ? "$L: the output is the state after the last step (past a shorter example's length its state is carried)."
            : "$L: the output is the mean of the states over each example's steps.")
        .addParameter(int.class, "batch");
    m.beginControlFlow("for (int n = 0; n < batch; n++)");
    if (l.output() == SequenceOutput.LAST) {
      m.addStatement(s.lang("System") + ".arraycopy($L, (n * STEPS + STEPS - 1) * $L, $L, n * $L, $L)", hidden(), units(), out(), units(), units());
    } else {
      m.addStatement("final int length = $L", l.variableLength() ? "lengths[n]" : "STEPS")
          .addStatement("final int oo = n * $L", units())
          .addStatement("java.util.Arrays.fill($L, oo, oo + $L, $L)", out(), units(), s.lit(0))
          .beginControlFlow("for (int t = 0; t < length; t++)")
          .addStatement("final int ho = (n * STEPS + t) * $L", units())
          .addStatement("for (int k = 0; k < $L; k++) $L[oo + k] += $L[ho + k]", units(), out(), hidden())
          .endControlFlow()
          .addStatement("final $L inverse = $L / length", s.name(), s.lit(1))
          .addStatement("for (int k = 0; k < $L; k++) $L[oo + k] *= inverse", units(), out());
    }
    return m.endControlFlow().build();
  }

  // ---- backward ----

  private MethodSpec backwardMethod() {
    MethodSpec.Builder m = method("Backward", "$L: backpropagation through time from $L.".replace("$L.", deltaName() + "."))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch");
    m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, grad(wHh()), s.lit(0));
    if (!lstm()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, grad(bHh()), s.lit(0));
    }
    if (l.gatesHaveP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, grad(pGates()), s.lit(0));
    }
    if (l.cellHasP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, grad(pCell()), s.lit(0));
    }
    m.addStatement("$T.fill($L, 0, batch * $L, $L)", java.util.Arrays.class, dhNext(), units(), s.lit(0));
    if (lstm()) {
      m.addStatement("$T.fill($L, 0, batch * $L, $L)", java.util.Arrays.class, dcNext(), units(), s.lit(0));
    }
    m.addStatement("for (int t = STEPS - 1; t >= 0; t--) $L(t, batch)", m("BackStep"));
    m.addStatement("$L(x, batch)", m("Gradients"));
    return m.build();
  }

  /** dL/dh_t arriving from the layer's output at step t of row n, unit k. */
  private String outputGradient() {
    return switch (l.output()) {
      case ALL -> deltaName() + "[ho + k]";
      case LAST -> "(t == STEPS - 1 ? " + deltaName() + "[n * " + units() + " + k] : " + s.lit(0) + ")";
      case MEAN -> "(t < " + (l.variableLength() ? "lengths[n]" : "STEPS") + " ? " + deltaName() + "[n * " + units()
          + " + k] * inverse : " + s.lit(0) + ")";
    };
  }

  private MethodSpec backStepMethod() {
    String hdn = units();
    MethodSpec.Builder m = method("BackStep", lstm()
            ? "$L: step t of BPTT: dL/dh and dL/dc to the gates, then to h_{t-1} and c_{t-1}."
            : "$L: step t of BPTT: dL/dh to the gates and the recurrent part, then to h_{t-1}.")
        .addParameter(int.class, "t", Modifier.FINAL)
        .addParameter(int.class, "batch");
    previousState(m);
    m.beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int go = (n * STEPS + t) * $L", gates())
        .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
        .addStatement("final int so = n * $L", hdn)
        .addStatement("final int po = n * prevStride + prevOffset");
    if (l.output() == SequenceOutput.MEAN) {
      m.addStatement("final $L inverse = $L / $L", s.name(), s.lit(1), l.variableLength() ? "lengths[n]" : "STEPS");
    }
    if (l.variableLength()) {
      m.beginControlFlow("if (t >= lengths[n])")
          .addComment("A padded step passes the gradient to the previous step unchanged.")
          .addStatement("for (int k = 0; k < $L; k++) $L[so + k] += $L", hdn, dhNext(), outputGradient())
          .addStatement("$T.fill($L, go, go + $L, $L)", java.util.Arrays.class, dGates(), gates(), s.lit(0));
      if (lstm()) {
        m.addStatement("$T.fill($L, ho, ho + $L, $L)", java.util.Arrays.class, dCell(), hdn, s.lit(0));
      }
      m.addStatement("continue").endControlFlow();
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
        .addStatement("final $L dh = $L[so + k] + $L", s.name(), dhNext(), outputGradient());
    if (lstm()) {
      m.addStatement("$L[go + 3 * $L + k] = dh * $L[ho + k]", dGates(), hdn, cellAct())
          .addStatement("$L[ho + k] = dh * $L[go + 3 * $L + k]", dCell(), act(), hdn);
    } else {
      m.addStatement("final $L z = $L[go + $L + k]", s.name(), act(), hdn)
          .addStatement("$L[go + 2 * $L + k] = dh * ($L - z)", dGates(), hdn, s.lit(1))
          .addStatement("$L[go + $L + k] = dh * (hp[po + k] - $L[go + 2 * $L + k])", dGates(), hdn, act(), hdn)
          .addStatement("$L[so + k] = dh * z", dhNext());
    }
    m.endControlFlow().endControlFlow();
    if (lstm()) {
      m.addComment("Through the cell site: dL/dtanh(c) becomes dL/dc in place.");
      GateSite cs = l.cellSite();
      m.addCode(activations.backwardLoop(cellSiteSlice()));
      m.beginControlFlow("for (int n = 0; n < batch; n++)");
      if (l.variableLength()) {
        m.addStatement("if (t >= lengths[n]) continue");
      }
      m.addStatement("final int go = (n * STEPS + t) * $L", gates())
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("final int so = n * $L", hdn)
          .addStatement("final int po = n * prevStride + prevOffset")
          .beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
          .addStatement("final $L dc = $L[so + k] + $L[ho + k]", s.name(), dcNext(), dCell())
          .addStatement("$L[go + k] = dc * $L[go + 2 * $L + k]", dGates(), act(), hdn)
          .addStatement("$L[go + 2 * $L + k] = dc * $L[go + k]", dGates(), hdn, act())
          .addStatement("$L[go + $L + k] = dc * cp[po + k]", dGates(), hdn)
          .addStatement("$L[so + k] = dc * $L[go + $L + k]", dcNext(), act(), hdn)
          .endControlFlow()
          .endControlFlow();
      if (cs == null) {
        throw new IllegalStateException("an LSTM has a cell site");
      }
    }
    m.addStatement("$L(t, batch)", m("GatesBackward"));
    // Recurrent weight gradient and dL/dh_{t-1}.
    String recurrentDelta = lstm() ? dGates() : dGh();
    String recurrentBase = lstm() ? "(n * STEPS + t) * " + gates() : "n * " + gates();
    m.addComment("$L += h_{t-1}ᵀ · dG; dL/dh_{t-1} $L dG · $Lᵀ.", grad(wHh()), lstm() ? "=" : "+=", wHh());
    m.beginControlFlow("for (int i = 0; i < $L; i++)", hdn)
        .addStatement("final int row = i * $L", gates())
        .beginControlFlow("for (int n = 0; n < batch; n++)");
    if (l.variableLength()) {
      m.addStatement("if (t >= lengths[n]) continue");
    }
    m.addStatement("final int go = $L", recurrentBase)
        .addStatement("final $L v = hp[n * prevStride + prevOffset + i]", s.name())
        .addStatement("$L sum = $L", s.name(), s.lit(0))
        .beginControlFlow("for (int o = 0; o < $L; o++)", gates())
        .addStatement("$L[row + o] += v * $L[go + o]", grad(wHh()), recurrentDelta)
        .addStatement("sum += $L[row + o] * $L[go + o]", wHh(), recurrentDelta)
        .endControlFlow()
        .addStatement(lstm() ? "$L[n * $L + i] = sum" : "$L[n * $L + i] += sum", dhNext(), hdn)
        .endControlFlow()
        .endControlFlow();
    if (!lstm()) {
      m.beginControlFlow("for (int n = 0; n < batch; n++)");
      if (l.variableLength()) {
        m.addStatement("if (t >= lengths[n]) continue");
      }
      m.addStatement("for (int o = 0; o < $L; o++) $L[o] += $L[n * $L + o]", gates(), grad(bHh()), dGh(), gates())
          .endControlFlow();
    }
    return m.build();
  }

  private MethodSpec gatesBackwardMethod() {
    MethodSpec.Builder m = method("GatesBackward",
            "$L: the gate sites of step t in reverse: dL/d(gate) becomes dL/d(pre-activation) in place.")
        .addParameter(int.class, "t", Modifier.FINAL)
        .addParameter(int.class, "batch");
    List<GateSite> sites = new ArrayList<>(l.gateSites());
    java.util.Collections.reverse(sites);
    for (GateSite site : sites) {
      m.addComment("$L", site.gate());
      m.addCode(activations.backwardLoop(gateSite(site)));
      if (!lstm() && site.gate() == GateName.CANDIDATE) {
        String hdn = units();
        m.addComment("n = act(gx_n + r gh_n): dL/dr = dL/dn' gh_n, dL/dgh_n = dL/dn' r.");
        m.beginControlFlow("for (int n = 0; n < batch; n++)")
            .addStatement("final int go = (n * STEPS + t) * $L", gates())
            .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
            .addStatement("final int ro = n * $L", gates())
            .beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
            .addStatement("final $L dn = $L[go + 2 * $L + k]", s.name(), dGates(), hdn)
            .addStatement("$L[ro + 2 * $L + k] = dn * $L[go + k]", dGh(), hdn, act())
            .addStatement("$L[go + k] = dn * $L[ho + k]", dGates(), hiddenN())
            .endControlFlow()
            .endControlFlow();
      }
    }
    if (!lstm()) {
      m.addComment("r and z reach the recurrent part unchanged.");
      m.beginControlFlow("for (int n = 0; n < batch; n++)")
          .addStatement(s.lang("System") + ".arraycopy($L, (n * STEPS + t) * $L, $L, n * $L, 2 * $L)", dGates(), gates(), dGh(), gates(), units())
          .endControlFlow();
    }
    return m.build();
  }

  private MethodSpec gradientsMethod() {
    MethodSpec.Builder m = method("Gradients", "$L: over all steps at once, the input weight and bias gradients"
            + (inputDelta != null ? " and the gradient at the input." : "."))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final int rows = batch * STEPS")
        .addStatement("final $T d = $L", s.array(), dGates())
        .addStatement("final $T dw = $L", s.array(), grad(wIh()))
        .addStatement("$T.fill(dw, $L)", java.util.Arrays.class, s.lit(0))
        .addStatement("$T.fill($L, $L)", java.util.Arrays.class, grad(bIh()), s.lit(0))
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("final int go = r * $L", gates())
        .addStatement("for (int o = 0; o < $L; o++) $L[o] += d[go + o]", gates(), grad(bIh()))
        .endControlFlow();
    if (lstm()) {
      m.addStatement(s.lang("System") + ".arraycopy($L, 0, $L, 0, $L)", grad(bIh()), grad(bHh()), gates());
    }
    m.beginControlFlow("for (int i = 0; i < $L; i++)", in())
        .addStatement("final int row = i * $L", gates())
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("final $L v = $L", s.name(), inputAt("r", "i"))
        .beginControlFlow("if (v != $L)", s.lit(0))
        .addStatement("final int go = r * $L", gates())
        .addStatement("for (int o = 0; o < $L; o++) dw[row + o] += v * d[go + o]", gates())
        .endControlFlow()
        .endControlFlow()
        .endControlFlow();
    if (inputDelta != null) {
      m.addComment("$L = dG · $Lᵀ", inputDelta, wIh())
          .addStatement("final $T w = $L", s.array(), wIh())
          .beginControlFlow("for (int i = 0; i < $L; i++)", in())
          .addStatement("final int row = i * $L", gates())
          .beginControlFlow("for (int r = 0; r < rows; r++)")
          .addStatement("final int go = r * $L", gates())
          .addStatement("$L sum = $L", s.name(), s.lit(0))
          .addStatement("for (int o = 0; o < $L; o++) sum += w[row + o] * d[go + o]", gates())
          .addStatement("$L = sum", inputRows ? inputDelta + "[r][i]" : inputDelta + "[r * " + in() + " + i]")
          .endControlFlow()
          .endControlFlow();
    }
    return m.build();
  }
}
