package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
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
 * then two large products over all {@code batch × STEPS} rows ({@link RecurrentGradientWriter}),
 * and the bias gradients column sums.
 *
 * <p>On several threads ({@link LaneWriter}) the same code runs per lane over a range of examples
 * ({@link BatchRange}); the gradient of a trained p is summed apart ({@link RecurrentPGradientTerms}).
 */
final class RecurrentBackwardWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentNames r;
  private final RecurrentLayerModel l;
  private final ActivationWriter activations;
  private final RecurrentForwardWriter forward;
  private final RecurrentGradientWriter gradients;
  private final RecurrentPGradientTerms terms;
  private final String inputDelta;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  RecurrentBackwardWriter(WriterContext ctx, RecurrentNames names, String inputDelta) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.r = names;
    this.l = names.l;
    this.activations = new ActivationWriter(ctx.s);
    this.forward = new RecurrentForwardWriter(ctx, names);
    this.gradients = new RecurrentGradientWriter(ctx, names, forward, inputDelta);
    this.terms = new RecurrentPGradientTerms(names, ctx.s);
    this.inputDelta = inputDelta;
  }

  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(backwardMethod());
    methods.addAll(steps(BatchRange.ALL));
    methods.add(biasGradientsMethod());
    methods.addAll(gradients.methods(false));
    return methods;
  }

  /** BackStep, GatesBackward and BackRecurrent over the range's examples. */
  private List<MethodSpec> steps(BatchRange b) {
    return List.of(backStepMethod(b), gatesBackwardMethod(b), backRecurrentMethod(b));
  }

  /** How a lane's BPTT keeps the terms of p's gradient. */
  RecurrentPGradientTerms terms() {
    return terms;
  }

  /**
   * The lane's shares of the backward pass: BPTT over examples [from, to), p's gradient over units
   * [from, to), the weight gradients over gradient rows [from, to), the input gradient over
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
    terms.clear(m);
    methods.add(m.addStatement("for (int t = STEPS - 1; t >= 0; t--) $L(t, from, to)", r.m("BackStep")).build());
    methods.addAll(steps(b));
    methods.addAll(terms.sums());
    methods.addAll(gradients.methods(true));
    return methods;
  }

  /**
   * {@code <layer>BackwardLanes(x, batch)}: {@code <layer>Backward} with its parts split over the
   * lanes: BPTT ({@code bptt}), the sums of p's gradient ({@code sums}, in the order of {@link
   * RecurrentPGradientTerms#sumCalls}), the input and recurrent weight gradients and, if the
   * layer has an input delta, the input gradient ({@code products}).
   */
  MethodSpec backwardLanes(String laneInput, int bptt, int[] sums, int[] products) {
    MethodSpec.Builder m = method("BackwardLanes", "$L: backpropagation through time from " + r.delta() + ", over the lanes.")
        .addParameter(forward.inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch");
    prologue(m);
    terms.grow(m);
    m.addStatement("parallel($L, batch)", bptt)
        .addStatement("laneBatch = batch");
    List<String[]> calls = terms.sumCalls();
    for (int i = 0; i < sums.length; i++) {
      m.addStatement("parallel($L, $L)", sums[i], calls.get(i)[1]);
    }
    m.addStatement("$L(batch)", r.m("BiasGradients"))
        .addStatement("$L = x", laneInput)
        .addStatement("parallel($L, $L)", products[0], r.in())
        .addStatement("parallel($L, $L)", products[1], r.units())
        .addStatement("$L = null", laneInput);
    if (inputDelta != null) {
      m.addStatement("parallel($L, batch)", products[2]);
    }
    return m.build();
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
    m.addCode(KernelWriter.transposeTiled("0", rows, r.gates(), transposed, flat + "[i * " + r.gates() + " + o]",
        s.lang("Math")));
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
      m.addCode(activations.backwardLoop(b.lane() ? terms.cell(cell) : cell));
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
      m.addCode(activations.backwardLoop(b.lane() ? terms.gate(gate, site) : gate));
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

}
