package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.GateName;
import dev.dither.SequenceOutput;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * Backpropagation through time for a recurrent layer. The reverse loop does only what must be
 * sequential: per step, dL/dh and dL/dc to the gate pre-activations, then dL/dh_{t-1} as one
 * product of the whole batch's gate gradients with the transposed W_hh. The weight gradients are
 * then two large products over all {@code batch × STEPS} rows (four rows per kernel call, every
 * gradient row read and written once per four), and the bias gradients column sums.
 */
final class RecurrentBackwardWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentNames r;
  private final RecurrentLayerModel l;
  private final ActivationWriter activations;
  private final RecurrentForwardWriter forward;
  private final String inputDelta;
  private final boolean inputRows;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  RecurrentBackwardWriter(WriterContext ctx, RecurrentNames names, String inputDelta) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.r = names;
    this.l = names.l;
    this.activations = new ActivationWriter(ctx.s);
    this.forward = new RecurrentForwardWriter(ctx, names);
    this.inputDelta = inputDelta;
    this.inputRows = ctx.inputRows(names.l);
  }

  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(backwardMethod());
    methods.addAll(steps(BatchRange.ALL));
    methods.add(biasGradientsMethod());
    methods.addAll(products(false));
    return methods;
  }

  /** BackStep, GatesBackward and BackRecurrent over the range's examples. */
  private List<MethodSpec> steps(BatchRange b) {
    return List.of(backStepMethod(b), gatesBackwardMethod(b), backRecurrentMethod(b));
  }

  /** The weight gradients (over all gradient rows, or a lane's) and the input gradient. */
  private List<MethodSpec> products(boolean lane) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(weightGradientMethod("InputWeightGradient", "x_tᵀ · dG over every step", r.dGates(), r.gIhRows(),
        r.wIh(), r.in(), r.inWidth(), null, (j, i) -> forward.inputAt(j == 0 ? "r" : "r + " + j, i), lane));
    methods.add(weightGradientMethod("RecurrentWeightGradient", "h_{t-1}ᵀ · dG over every step", r.recurrentDelta(),
        r.gHhRows(), r.wHh(), r.units(), l.units(), this::previousRow, (j, i) -> "h" + j + "[o" + j + " + " + i + "]", lane));
    if (inputDelta != null) {
      methods.add(inputGradientMethod(lane ? BatchRange.LANE : BatchRange.ALL));
    }
    return methods;
  }

  /** Where a lane keeps the gate sites' p-gradient terms ({@link Site#keepingPGradTerms}). */
  String gateTerms() {
    return r.m("PGatesTerms");
  }

  /** Where a lane keeps the cell site's p-gradient terms. */
  String cellTerms() {
    return r.m("PCellTerms");
  }

  /** Whether a lane keeps the site's p-gradient terms rather than summing them. */
  private static boolean gateTermsKept(GateSite site) {
    return site.activation().trainsP();
  }

  /**
   * The lane's shares of the backward pass: BPTT over examples [from, to) (when {@link
   * #splitsTime}), the weight gradients over gradient rows [from, to), the input gradient over
   * examples [from, to).
   */
  List<MethodSpec> laneMethods() {
    List<MethodSpec> methods = new ArrayList<>();
    BatchRange b = BatchRange.LANE;
    MethodSpec.Builder m = method("BackwardRows", "$L: BPTT of examples [from, to).");
    b.parameters(m);
    m.addStatement("$T.fill($L, from * $L, to * $L, $L)", java.util.Arrays.class, r.dhNext(), r.units(), r.units(), s.lit(0));
    if (r.lstm()) {
      m.addStatement("$T.fill($L, from * $L, to * $L, $L)", java.util.Arrays.class, r.dcNext(), r.units(), r.units(), s.lit(0));
    }
    if (l.gatesHaveP()) {
      m.addStatement("$T.fill($L, from * STEPS * $L, to * STEPS * $L, $L)", java.util.Arrays.class, gateTerms(), r.gates(),
          r.gates(), s.lit(0));
    }
    if (l.cellHasP()) {
      m.addStatement("$T.fill($L, from * STEPS * $L, to * STEPS * $L, $L)", java.util.Arrays.class, cellTerms(), r.units(),
          r.units(), s.lit(0));
    }
    methods.add(m.addStatement("for (int t = STEPS - 1; t >= 0; t--) $L(t, from, to)", r.m("BackStep")).build());
    methods.addAll(steps(b));
    if (l.gatesHaveP()) {
      methods.add(pGradientMethod("PGatesGradient", r.grad(r.pGates()), gateTerms(), r.gates()));
    }
    if (l.cellHasP()) {
      methods.add(pGradientMethod("PCellGradient", r.grad(r.pCell()), cellTerms(), r.units()));
    }
    methods.addAll(products(true));
    return methods;
  }

  /**
   * p's gradient, elements [from, to): the terms the lanes kept, summed in the order of the
   * one-thread BPTT (steps from the last, examples from the first), so the bits are the same.
   */
  private MethodSpec pGradientMethod(String name, String pGrad, String terms, String width) {
    return method(name, "$L: " + pGrad + "[from, to), the sum of the kept terms in BPTT's order.")
        .addParameter(int.class, "batch")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .beginControlFlow("for (int t = STEPS - 1; t >= 0; t--)")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int base = (n * STEPS + t) * $L", width)
        .addStatement("for (int o = from; o < to; o++) $L[o] += $L[base + o]", pGrad, terms)
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /** The fields of the p-gradient terms the lanes keep, grown with the batch. */
  List<FieldSpec> termFields() {
    List<FieldSpec> f = new ArrayList<>();
    if (l.gatesHaveP()) {
      f.add(FieldSpec.builder(s.array(), gateTerms(), Modifier.PRIVATE)
          .addJavadoc("Each gate element's p-gradient term in the last BPTT over the lanes, [batch][steps][gates].\n").build());
    }
    if (l.cellHasP()) {
      f.add(FieldSpec.builder(s.array(), cellTerms(), Modifier.PRIVATE)
          .addJavadoc("Each cell element's p-gradient term in the last BPTT over the lanes, [batch][steps][units].\n").build());
    }
    return f;
  }

  /**
   * {@code <layer>BackwardLanes(x, batch)}: {@code <layer>Backward} with its parts split over the
   * lanes ({@code tasks}: BPTT, p gradients of the gates and of the cell (or -1), input weight
   * gradient, recurrent weight gradient, input gradient (or -1)).
   */
  MethodSpec backwardLanes(String laneInput, int[] tasks) {
    MethodSpec.Builder m = method("BackwardLanes", "$L: backpropagation through time from " + r.delta() + ", over the lanes.")
        .addParameter(forward.inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch");
    prologue(m);
    growTerms(m, l.gatesHaveP(), gateTerms(), r.gates());
    growTerms(m, l.cellHasP(), cellTerms(), r.units());
    m.addStatement("parallel($L, batch)", tasks[0])
        .addStatement("laneBatch = batch");
    if (l.gatesHaveP()) {
      m.addStatement("parallel($L, $L)", tasks[1], r.gates());
    }
    if (l.cellHasP()) {
      m.addStatement("parallel($L, $L)", tasks[2], r.units());
    }
    m.addStatement("$L(batch)", r.m("BiasGradients"))
        .addStatement("$L = x", laneInput)
        .addStatement("parallel($L, $L)", tasks[3], r.in())
        .addStatement("parallel($L, $L)", tasks[4], r.units())
        .addStatement("$L = null", laneInput);
    if (inputDelta != null) {
      m.addStatement("parallel($L, batch)", tasks[5]);
    }
    return m.build();
  }

  private void growTerms(MethodSpec.Builder m, boolean kept, String terms, String width) {
    if (kept) {
      m.beginControlFlow("if ($L == null || $L.length < batch * STEPS * $L)", terms, terms, width)
          .addStatement("$L = new $L[batch * STEPS * $L]", terms, s.name(), width)
          .endControlFlow();
    }
  }

  private MethodSpec.Builder method(String suffix, String doc) {
    return r.method(suffix, doc);
  }

  private MethodSpec backwardMethod() {
    MethodSpec.Builder m = method("Backward", "$L: backpropagation through time from " + r.delta() + ".")
        .addParameter(forward.inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch");
    prologue(m);
    zeroCarriedGradients(m);
    m.addStatement("for (int t = STEPS - 1; t >= 0; t--) $L(t, batch)", r.m("BackStep"))
        .addStatement("$L(batch)", r.m("BiasGradients"))
        .addStatement("$L(x, batch)", r.m("InputWeightGradient"))
        .addStatement("$L(batch)", r.m("RecurrentWeightGradient"));
    if (inputDelta != null) {
      m.addStatement("$L(batch)", r.m("InputGradient"));
    }
    return m.build();
  }

  /** Zeroes p's gradients and transposes the weights the backward products read. */
  private void prologue(MethodSpec.Builder m) {
    if (l.gatesHaveP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, r.grad(r.pGates()), s.lit(0));
    }
    if (l.cellHasP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, r.grad(r.pCell()), s.lit(0));
    }
    m.addComment("Transposed weights for the products that go back through them.");
    transpose(m, r.wHh(), r.wHhT(), r.units());
    if (inputDelta != null) {
      transpose(m, r.wIh(), r.wIhT(), r.in());
    }
  }

  /** dL/dh (and dL/dc) arriving from after the last step: none. */
  private void zeroCarriedGradients(MethodSpec.Builder m) {
    m.addStatement("$T.fill($L, 0, batch * $L, $L)", java.util.Arrays.class, r.dhNext(), r.units(), s.lit(0));
    if (r.lstm()) {
      m.addStatement("$T.fill($L, 0, batch * $L, $L)", java.util.Arrays.class, r.dcNext(), r.units(), s.lit(0));
    }
  }

  private void transpose(MethodSpec.Builder m, String flat, String transposed, String rows) {
    m.beginControlFlow("for (int i = 0; i < $L; i++)", rows)
        .addStatement("final int row = i * $L", r.gates())
        .addStatement("for (int o = 0; o < $L; o++) $L[o][i] = $L[row + o]", r.gates(), transposed, flat)
        .endControlFlow();
  }

  /** dL/dh_t arriving from the layer's output at step t of row n, unit k. */
  private String outputGradient() {
    return switch (l.output()) {
      case ALL -> r.delta() + "[ho + k]";
      case LAST -> "(t == STEPS - 1 ? " + r.delta() + "[n * " + r.units() + " + k] : " + s.lit(0) + ")";
      case MEAN -> "(t < " + (l.variableLength() ? "lengths[n]" : "STEPS") + " ? " + r.delta() + "[n * " + r.units()
          + " + k] * inverse : " + s.lit(0) + ")";
    };
  }

  private MethodSpec backStepMethod(BatchRange b) {
    String hdn = r.units();
    MethodSpec.Builder m = method("BackStep", r.lstm()
            ? "$L: step t of BPTT: dL/dh and dL/dc to the gates, then to h_{t-1} and c_{t-1}."
            : "$L: step t of BPTT: dL/dh to the gates and the recurrent part, then to h_{t-1}.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m);
    forward.previousState(m);
    m.beginControlFlow(b.loop("n"))
        .addStatement("final int go = (n * STEPS + t) * $L", r.gates())
        .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
        .addStatement("final int so = n * $L", hdn)
        .addStatement("final int po = n * prevStride + prevOffset");
    if (l.output() == SequenceOutput.MEAN) {
      m.addStatement("final $L inverse = $L / $L", s.name(), s.lit(1), l.variableLength() ? "lengths[n]" : "STEPS");
    }
    if (l.variableLength()) {
      m.beginControlFlow("if (t >= lengths[n])")
          .addComment("A padded step passes the gradient to the previous step unchanged.")
          .addStatement("for (int k = 0; k < $L; k++) $L[so + k] += $L", hdn, r.dhNext(), outputGradient())
          .addStatement("$T.fill($L, go, go + $L, $L)", java.util.Arrays.class, r.dGates(), r.gates(), s.lit(0));
      if (r.lstm()) {
        m.addStatement("$T.fill($L, ho, ho + $L, $L)", java.util.Arrays.class, r.dCell(), hdn, s.lit(0));
      } else {
        m.addStatement("$T.fill($L, go, go + $L, $L)", java.util.Arrays.class, r.dGh(), r.gates(), s.lit(0));
      }
      m.addStatement("continue").endControlFlow();
    }
    m.beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
        .addStatement("final $L dh = $L[so + k] + $L", s.name(), r.dhNext(), outputGradient());
    if (r.lstm()) {
      m.addStatement("$L[go + 3 * $L + k] = dh * $L[ho + k]", r.dGates(), hdn, r.cellAct())
          .addStatement("$L[ho + k] = dh * $L[go + 3 * $L + k]", r.dCell(), r.act(), hdn);
    } else {
      m.addStatement("final $L z = $L[go + $L + k]", s.name(), r.act(), hdn)
          .addStatement("$L[go + 2 * $L + k] = dh * ($L - z)", r.dGates(), hdn, s.lit(1))
          .addStatement("$L[go + $L + k] = dh * (hp[po + k] - $L[go + 2 * $L + k])", r.dGates(), hdn, r.act(), hdn)
          .addStatement("$L[so + k] = dh * z", r.dhNext());
    }
    m.endControlFlow().endControlFlow();
    if (r.lstm()) {
      m.addComment("Through the cell site: dL/dtanh(c) becomes dL/dc in place.");
      Site cell = b.rows(r.cellSite());
      m.addCode(activations.backwardLoop(b.lane() && l.cellSite().activation().trainsP() ? cell.keepingPGradTerms(cellTerms()) : cell));
      m.beginControlFlow(b.loop("n"));
      if (l.variableLength()) {
        m.addStatement("if (t >= lengths[n]) continue");
      }
      m.addStatement("final int go = (n * STEPS + t) * $L", r.gates())
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("final int so = n * $L", hdn)
          .addStatement("final int po = n * prevStride + prevOffset")
          .beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
          .addStatement("final $L dc = $L[so + k] + $L[ho + k]", s.name(), r.dcNext(), r.dCell())
          .addStatement("$L[go + k] = dc * $L[go + 2 * $L + k]", r.dGates(), r.act(), hdn)
          .addStatement("$L[go + 2 * $L + k] = dc * $L[go + k]", r.dGates(), hdn, r.act())
          .addStatement("$L[go + $L + k] = dc * cp[po + k]", r.dGates(), hdn)
          .addStatement("$L[so + k] = dc * $L[go + $L + k]", r.dcNext(), r.act(), hdn)
          .endControlFlow()
          .endControlFlow();
    }
    m.addStatement("$L(t, $L)", r.m("GatesBackward"), b.arguments());
    m.addStatement("$L(t, $L)", r.m("BackRecurrent"), b.arguments());
    return m.build();
  }

  private MethodSpec gatesBackwardMethod(BatchRange b) {
    MethodSpec.Builder m = method("GatesBackward",
            "$L: the gate sites of step t in reverse: dL/d(gate) becomes dL/d(pre-activation) in place.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m);
    List<GateSite> sites = new ArrayList<>(l.gateSites());
    java.util.Collections.reverse(sites);
    for (GateSite site : sites) {
      m.addComment("$L", site.gate());
      Site gate = b.rows(r.gateSite(site));
      m.addCode(activations.backwardLoop(b.lane() && gateTermsKept(site) ? gate.keepingPGradTerms(gateTerms()) : gate));
      if (!r.lstm() && site.gate() == GateName.CANDIDATE) {
        String hdn = r.units();
        m.addComment("n = act(gx_n + r gh_n): dL/dr = dL/dn' gh_n, dL/dgh_n = dL/dn' r.");
        m.beginControlFlow(b.loop("n"))
            .addStatement("final int go = (n * STEPS + t) * $L", r.gates())
            .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
            .beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
            .addStatement("final $L dn = $L[go + 2 * $L + k]", s.name(), r.dGates(), hdn)
            .addStatement("$L[go + 2 * $L + k] = dn * $L[go + k]", r.dGh(), hdn, r.act())
            .addStatement("$L[go + k] = dn * $L[ho + k]", r.dGates(), r.hiddenN())
            .endControlFlow()
            .endControlFlow();
      }
    }
    if (!r.lstm()) {
      m.addComment("r and z reach the recurrent part unchanged.");
      m.beginControlFlow(b.loop("n"))
          .addStatement("final int go = (n * STEPS + t) * $L", r.gates())
          .addStatement(s.lang("System") + ".arraycopy($L, go, $L, go, 2 * $L)", r.dGates(), r.dGh(), r.units())
          .endControlFlow();
    }
    return m.build();
  }

  private MethodSpec backRecurrentMethod(BatchRange b) {
    MethodSpec.Builder m = method("BackRecurrent", r.lstm()
            ? "$L: dL/dh_{t-1} = dG_t · W_hhᵀ for the whole batch."
            : "$L: dL/dh_{t-1} += dGh_t · W_hhᵀ for the whole batch.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m)
        .addStatement("final $T wt = $L", s.rows(), r.wHhT())
        .addStatement("final $T d = $L", s.array(), r.recurrentDelta())
        .addStatement("final $T t0 = $L[0], t1 = $L[1]", s.array(), r.dhRows(), r.dhRows());
    IntFunction<CodeBlock> body = e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      for (int j = 0; j < e; j++) {
        String row = j == 0 ? "n" : "(n + 1)";
        c.addStatement("final int g$L = ($L * STEPS + t) * $L", j, row, r.gates());
        if (r.lstm()) {
          c.addStatement("$T.fill(t$L, $L)", java.util.Arrays.class, j, s.lit(0));
        } else {
          c.addStatement(s.lang("System") + ".arraycopy($L, $L * $L, t$L, 0, $L)", r.dhNext(), row, r.units(), j, r.units());
        }
      }
      c.add(ctx.kernels.product(r.units(), r.gates(), l.gateWidth(), "wt", (target, k) -> "d[g" + target + " + " + k + "]",
          RecurrentForwardWriter.targets(e)));
      for (int j = 0; j < e; j++) {
        c.addStatement(s.lang("System") + ".arraycopy(t$L, 0, $L, $L * $L, $L)", j, r.dhNext(), j == 0 ? "n" : "(n + 1)", r.units(), r.units());
      }
      return c.build();
    };
    if (l.variableLength()) {
      m.addComment("A padded step has passed dL/dh on unchanged.");
      m.beginControlFlow(b.loop("n"))
          .addStatement("if (t >= lengths[n]) continue")
          .addCode(body.apply(1))
          .endControlFlow();
    } else {
      RecurrentForwardWriter.pairs(m, "n", b.first(), b.end(), body);
    }
    return m.build();
  }

  private MethodSpec biasGradientsMethod() {
    MethodSpec.Builder m = method("BiasGradients", "$L: the bias gradients, column sums of the gate gradients over every step.")
        .addParameter(int.class, "batch")
        .addStatement("final int rows = batch * STEPS");
    columnSums(m, r.dGates(), r.grad(r.bIh()));
    if (r.lstm()) {
      m.addStatement(s.lang("System") + ".arraycopy($L, 0, $L, 0, $L)", r.grad(r.bIh()), r.grad(r.bHh()), r.gates());
    } else {
      columnSums(m, r.dGh(), r.grad(r.bHh()));
    }
    return m.build();
  }

  private void columnSums(MethodSpec.Builder m, String rows, String into) {
    m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, into, s.lit(0))
        .beginControlFlow("for (int r = 0; r < rows; r++)")
        .addStatement("final int go = r * $L", r.gates())
        .addStatement("for (int o = 0; o < $L; o++) $L[o] += $L[go + o]", r.gates(), into, rows)
        .endControlFlow();
  }

  /** Declares h{j} and o{j}: where the state before row {@code r + j} starts (h0 at an example's first step). */
  private CodeBlock previousRow(int j) {
    String row = j == 0 ? "r" : "(r + " + j + ")";
    return CodeBlock.builder()
        .addStatement("final boolean first$L = $L % STEPS == 0", j, row)
        .addStatement("final $T h$L = first$L ? $L : $L", s.array(), j, j, r.h0(), r.hidden())
        .addStatement("final int o$L = first$L ? $L / STEPS * $L : ($L - 1) * $L", j, j, row, r.units(), row, r.units())
        .build();
  }

  interface Source {
    String at(int row, String i);
  }

  /**
   * {@code <layer><name>(...)}: G[i][:] = Σ_r source[r][i] · delta[r][:], summed in the gradient
   * rows four delta rows at a time, then copied into the flat gradient. A {@code lane} computes
   * gradient rows [from, to) only ({@code from} even), over every delta row in the same order.
   */
  private MethodSpec weightGradientMethod(String name, String what, String delta, String gradRows, String weight,
      String depth, int depthValue, IntFunction<CodeBlock> rowSetup, Source source, boolean lane) {
    boolean readsInput = rowSetup == null;
    MethodSpec.Builder m = method(name, "$L: " + r.grad(weight) + " = " + what + (lane ? ", gradient rows [from, to)." : "."));
    if (readsInput) {
      m.addParameter(forward.inputType(), "x", Modifier.FINAL);
    }
    m.addParameter(int.class, "batch");
    String from = "0";
    String to = depth;
    if (lane) {
      m.addParameter(int.class, "from").addParameter(int.class, "to");
      from = "from";
      to = "to";
    }
    m.addStatement("final int rows = batch * STEPS")
        .addStatement("final $T g = $L", s.rows(), gradRows)
        .addStatement("final $T d = $L", s.array(), delta)
        .addStatement("final $T d0 = $L[0], d1 = $L[1], d2 = $L[2], d3 = $L[3]", s.array(),
            r.deltaRows(), r.deltaRows(), r.deltaRows(), r.deltaRows())
        .addStatement("for (int i = $L; i < $L; i++) $T.fill(g[i], $L)", from, to, java.util.Arrays.class, s.lit(0))
        .addStatement("int r = 0");
    int depthRows = KernelWriter.DEPTH;
    m.beginControlFlow("for (; r + $L < rows; r += $L)", depthRows - 1, depthRows);
    for (int j = 0; j < depthRows; j++) {
      m.addStatement(s.lang("System") + ".arraycopy(d, $L * $L, d$L, 0, $L)", j == 0 ? "r" : "(r + " + j + ")", r.gates(), j, r.gates());
      if (!readsInput) {
        m.addCode(rowSetup.apply(j));
      }
    }
    gradientRows(m, depth, depthValue, depthRows, source, lane);
    m.endControlFlow();
    m.beginControlFlow("for (; r < rows; r++)")
        .addStatement(s.lang("System") + ".arraycopy(d, r * $L, d0, 0, $L)", r.gates(), r.gates());
    if (!readsInput) {
      m.addCode(rowSetup.apply(0));
    }
    gradientRows(m, depth, depthValue, 1, source, lane);
    m.endControlFlow();
    m.addStatement("for (int i = $L; i < $L; i++) " + s.lang("System") + ".arraycopy(g[i], 0, $L, i * $L, $L)", from, to,
        r.grad(weight), r.gates(), r.gates());
    return m.build();
  }

  /**
   * g[i] += Σ_j source[r + j][i] · d_j for every i (a lane's: i in [from, to)), two gradient rows
   * per kernel call; an odd last row alone.
   */
  private void gradientRows(MethodSpec.Builder m, String depth, int depthValue, int deltaRows, Source source,
      boolean lane) {
    String ds = String.join(", ", java.util.stream.IntStream.range(0, deltaRows).mapToObj(j -> "d" + j).toList());
    int paired = depthValue / 2 * 2;
    if (paired > 0) {
      List<String> a = new ArrayList<>();
      for (int e = 0; e < 2; e++) {
        for (int j = 0; j < deltaRows; j++) {
          a.add(source.at(j, e == 0 ? "i" : "i + 1"));
        }
      }
      if (lane) {
        m.addStatement("for (int i = from; i + 1 < to; i += 2) $L($L, $L, g[i], g[i + 1])",
            ctx.kernels.madd(r.gates(), 2, deltaRows), String.join(", ", a), ds);
      } else {
        m.addStatement("for (int i = 0; i < $L; i += 2) $L($L, $L, g[i], g[i + 1])",
            paired == depthValue ? depth : Integer.toString(paired), ctx.kernels.madd(r.gates(), 2, deltaRows),
            String.join(", ", a), ds);
      }
    }
    if (paired < depthValue) {
      // Lanes end on even rows but the last, which ends at the odd depth.
      String last = lane ? "to - 1" : Integer.toString(paired);
      List<String> a = new ArrayList<>();
      for (int j = 0; j < deltaRows; j++) {
        a.add(source.at(j, lane ? "(to - 1)" : last));
      }
      CodeBlock call = CodeBlock.of("$L($L, $L, g[$L])", ctx.kernels.madd(r.gates(), 1, deltaRows), String.join(", ", a), ds, last);
      if (lane) {
        m.addStatement("if ((to & 1) != 0) $L", call);
      } else {
        m.addStatement("$L", call);
      }
    }
  }

  private MethodSpec inputGradientMethod(BatchRange b) {
    MethodSpec.Builder m = method("InputGradient", "$L: " + inputDelta + " = dG · W_ihᵀ for every step.");
    b.parameters(m)
        .addStatement("final int rows = $L * STEPS", b.end())
        .addStatement("final $T wt = $L", s.rows(), r.wIhT())
        .addStatement("final $T d = $L", s.array(), r.dGates())
        .addStatement("final $T t0 = $L[0], t1 = $L[1]", s.array(), r.dxRows(), r.dxRows());
    RecurrentForwardWriter.pairs(m, "r", b.firstRow("STEPS"), "rows", e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      for (int j = 0; j < e; j++) {
        c.addStatement("final int g$L = $L * $L", j, j == 0 ? "r" : "(r + 1)", r.gates());
        c.addStatement("$T.fill(t$L, $L)", java.util.Arrays.class, j, s.lit(0));
      }
      c.add(ctx.kernels.product(r.in(), r.gates(), l.gateWidth(), "wt", (target, k) -> "d[g" + target + " + " + k + "]",
          RecurrentForwardWriter.targets(e)));
      for (int j = 0; j < e; j++) {
        String row = j == 0 ? "r" : "(r + 1)";
        if (inputRows) {
          c.addStatement(s.lang("System") + ".arraycopy(t$L, 0, $L[$L], 0, $L)", j, inputDelta, row, r.in());
        } else {
          c.addStatement(s.lang("System") + ".arraycopy(t$L, 0, $L, $L * $L, $L)", j, inputDelta, row, r.in(), r.in());
        }
      }
      return c.build();
    });
    return m.build();
  }
}
