package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.dither.GateName;
import dev.dither.SequenceOutput;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The forward pass of a recurrent layer: x W_ih + b for every step as one product over all
 * {@code batch × STEPS} rows, then per step the recurrent product h_{t-1} W_hh for the whole
 * batch, the gate sites with their functions inlined ({@link ActivationWriter}) and the cell
 * update. Kept apart from the backward pass so an inference-only class can reuse it.
 */
final class RecurrentForwardWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentNames r;
  private final RecurrentLayerModel l;
  private final ActivationWriter activations;
  private final boolean inputRows;

  RecurrentForwardWriter(WriterContext ctx, RecurrentNames names) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.r = names;
    this.l = names.l;
    this.activations = new ActivationWriter(ctx.s);
    this.inputRows = ctx.inputRows(names.l);
  }

  TypeName inputType() {
    return inputRows ? s.rows() : s.array();
  }

  /** Element i of input row {@code row} (an expression), whatever the producer's layout. */
  String inputAt(String row, String i) {
    return inputRows ? "x[" + row + "][" + i + "]" : "x[(" + row + ") * " + r.in() + " + " + i + "]";
  }

  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(forwardMethod());
    methods.addAll(passes(BatchRange.ALL));
    return methods;
  }

  private List<MethodSpec> passes(BatchRange b) {
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(projectMethod(b));
    methods.add(stepMethod(b));
    methods.add(gatesMethod(b));
    methods.add(updateMethod(b));
    if (l.output() != SequenceOutput.ALL) {
      methods.add(poolMethod(b));
    }
    return methods;
  }

  /**
   * The lane's share of the training forward pass, {@code <layer>ForwardRows(x, from, to)}: the
   * model's methods over examples [from, to) only. The caller has drawn the noise and mirrored
   * the weights.
   */
  List<MethodSpec> laneMethods() {
    List<MethodSpec> methods = new ArrayList<>();
    BatchRange b = BatchRange.LANE;
    MethodSpec.Builder m = method("ForwardRows", "$L: the training forward pass of examples [from, to).")
        .addParameter(inputType(), "x", Modifier.FINAL);
    b.parameters(m)
        .addStatement("$L(x, $L)", r.m("Project"), b.arguments())
        .beginControlFlow("for (int t = 0; t < STEPS; t++)")
        .addStatement("$L(t, $L)", r.m("Step"), b.arguments())
        .addStatement("$L(t, $L, true)", r.m("Gates"), b.arguments())
        .addStatement("$L(t, $L, true)", r.m("Update"), b.arguments())
        .endControlFlow();
    if (l.output() != SequenceOutput.ALL) {
      m.addStatement("$L($L)", r.m("Pool"), b.arguments());
    }
    methods.add(m.build());
    methods.addAll(passes(b));
    return methods;
  }

  /**
   * {@code <layer>ForwardLanes(x, batch)}: the training forward pass over the lanes; the noise and
   * the weight mirrors first, here.
   */
  MethodSpec forwardLanes(String laneInput, int task) {
    MethodSpec.Builder m = method("ForwardLanes", "$L: the training forward pass, the examples split over the lanes.")
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch");
    noiseAndMirrors(m, true);
    return m.addStatement("$L = x", laneInput)
        .addStatement("parallel($L, batch)", task)
        .addStatement("$L = null", laneInput)
        .build();
  }

  private MethodSpec.Builder method(String suffix, String doc) {
    return r.method(suffix, doc);
  }

  /**
   * Emits {@code body(e)} for pairs of {@code index} then for a last single one; the body names
   * the rows {@code index} and {@code index + 1} and the target rows {@code t0}, {@code t1}.
   */
  static void pairs(MethodSpec.Builder m, String index, String count, java.util.function.IntFunction<CodeBlock> body) {
    pairs(m, index, "0", count, body);
  }

  /** {@link #pairs(MethodSpec.Builder, String, String, java.util.function.IntFunction)} from {@code start}. */
  static void pairs(MethodSpec.Builder m, String index, String start, String count,
      java.util.function.IntFunction<CodeBlock> body) {
    m.addStatement("int $L = $L", index, start)
        .beginControlFlow("for (; $L + 1 < $L; $L += 2)", index, count, index)
        .addCode(body.apply(2))
        .endControlFlow()
        .beginControlFlow("if ($L < $L)", index, count)
        .addCode(body.apply(1))
        .endControlFlow();
  }

  static String[] targets(int e) {
    return e == 2 ? new String[] {"t0", "t1"} : new String[] {"t0"};
  }

  private MethodSpec forwardMethod() {
    MethodSpec.Builder m = method("Forward", "$L: the input product, then the time loop; noise is drawn for every step at once.")
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training");
    noiseAndMirrors(m, false);
    m.addStatement("$L(x, batch)", r.m("Project"))
        .beginControlFlow("for (int t = 0; t < STEPS; t++)")
        .addStatement("$L(t, batch)", r.m("Step"))
        .addStatement("$L(t, batch, training)", r.m("Gates"))
        .addStatement("$L(t, batch, training)", r.m("Update"))
        .endControlFlow();
    if (l.output() != SequenceOutput.ALL) {
      m.addStatement("$L(batch)", r.m("Pool"));
    }
    return m.build();
  }

  /** The noise of every step (in training) and the row mirrors of the weights. */
  private void noiseAndMirrors(MethodSpec.Builder m, boolean alwaysTraining) {
    if (l.gateNoiseSite() >= 0 || l.cellNoiseSite() >= 0) {
      if (!alwaysTraining) {
        m.beginControlFlow("if (training)");
      }
      if (l.gateNoiseSite() >= 0) {
        m.addStatement("noise.fill($L, examplesSeen, batch, STEPS * $L, $L)", l.gateNoiseSite(), r.gates(), r.xiGates());
      }
      if (l.cellNoiseSite() >= 0) {
        m.addStatement("noise.fill($L, examplesSeen, batch, STEPS * $L, $L)", l.cellNoiseSite(), r.units(), r.xiCell());
      }
      if (!alwaysTraining) {
        m.endControlFlow();
      }
    }
    m.addComment("Row mirrors of the weights for the product loops.")
        .addStatement("for (int i = 0; i < $L; i++) " + s.lang("System") + ".arraycopy($L, i * $L, $L[i], 0, $L)",
            r.in(), r.wIh(), r.gates(), r.wIhRows(), r.gates())
        .addStatement("for (int k = 0; k < $L; k++) " + s.lang("System") + ".arraycopy($L, k * $L, $L[k], 0, $L)",
            r.units(), r.wHh(), r.gates(), r.wHhRows(), r.gates());
  }

  private MethodSpec projectMethod(BatchRange b) {
    MethodSpec.Builder m = method("Project", r.lstm()
            ? "$L: x_t W_ih + b_ih + b_hh into the pre-activations of every step, two rows at a time."
            : "$L: x_t W_ih + b_ih into the pre-activations of every step, two rows at a time.")
        .addParameter(inputType(), "x", Modifier.FINAL);
    b.parameters(m)
        .addStatement("final $T w = $L", s.rows(), r.wIhRows())
        .addStatement("final $T t0 = $L[0], t1 = $L[1]", s.array(), r.acc(), r.acc())
        .addStatement("final int rows = $L * STEPS", b.end());
    pairs(m, "r", b.firstRow("STEPS"), "rows", e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      for (String t : targets(e)) {
        if (r.lstm()) {
          c.addStatement("for (int o = 0; o < $L; o++) $L[o] = $L[o] + $L[o]", r.gates(), t, r.bIh(), r.bHh());
        } else {
          c.addStatement(s.lang("System") + ".arraycopy($L, 0, $L, 0, $L)", r.bIh(), t, r.gates());
        }
      }
      c.add(ctx.kernels.product(r.gates(), r.in(), r.inWidth(), "w",
          (target, k) -> inputAt(target == 0 ? "r" : "r + 1", k), targets(e)));
      for (int j = 0; j < e; j++) {
        c.addStatement(s.lang("System") + ".arraycopy(t$L, 0, $L, $L * $L, $L)", j, r.pre(), j == 0 ? "r" : "(r + 1)", r.gates(), r.gates());
      }
      return c.build();
    });
    return m.build();
  }

  /** Declares hp (and cp for an LSTM), prevStride and prevOffset: where row n's previous state starts. */
  void previousState(MethodSpec.Builder m) {
    m.addComment("The state before step t: the initial state at t = 0, else step t - 1.");
    m.addStatement("final $T hp = t == 0 ? $L : $L", s.array(), r.h0(), r.hidden());
    if (r.lstm()) {
      m.addStatement("final $T cp = t == 0 ? $L : $L", s.array(), r.c0(), r.cell());
    }
    m.addStatement("final int prevStride = t == 0 ? $L : STEPS * $L", r.units(), r.units());
    m.addStatement("final int prevOffset = t == 0 ? 0 : (t - 1) * $L", r.units());
  }

  private MethodSpec stepMethod(BatchRange b) {
    MethodSpec.Builder m = method("Step", r.lstm()
            ? "$L: adds h_{t-1} W_hh to the pre-activations of step t, two examples at a time."
            : "$L: h_{t-1} W_hh + b_hh into the recurrent part; r and z add it to their pre-activations.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m)
        .addStatement("final $T u = $L", s.rows(), r.wHhRows())
        .addStatement("final $T t0 = $L[0], t1 = $L[1]", s.array(), r.acc(), r.acc());
    previousState(m);
    String into = r.lstm() ? r.pre() : r.gh();
    pairs(m, "n", b.first(), b.end(), e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      for (int j = 0; j < e; j++) {
        String row = j == 0 ? "n" : "(n + 1)";
        c.addStatement("final int p$L = $L * prevStride + prevOffset", j, row);
        c.addStatement("final int z$L = $L", j, r.lstm() ? "(" + row + " * STEPS + t) * " + r.gates() : row + " * " + r.gates());
        if (r.lstm()) {
          c.addStatement(s.lang("System") + ".arraycopy($L, z$L, t$L, 0, $L)", r.pre(), j, j, r.gates());
        } else {
          c.addStatement(s.lang("System") + ".arraycopy($L, 0, t$L, 0, $L)", r.bHh(), j, r.gates());
        }
      }
      c.add(ctx.kernels.product(r.gates(), r.units(), l.units(), "u", (target, k) -> "hp[p" + target + " + " + k + "]", targets(e)));
      for (int j = 0; j < e; j++) {
        c.addStatement(s.lang("System") + ".arraycopy(t$L, 0, $L, z$L, $L)", j, into, j, r.gates());
      }
      return c.build();
    });
    if (!r.lstm()) {
      m.addComment("r and z add the recurrent part now; n keeps it apart until the reset gate is known.");
      m.addStatement("final $T z = $L", s.array(), r.pre());
      m.beginControlFlow(b.loop("b"))
          .addStatement("final int zo = (b * STEPS + t) * $L", r.gates())
          .addStatement("final int go = b * $L", r.gates())
          .addStatement("for (int o = 0; o < 2 * $L; o++) z[zo + o] += $L[go + o]", r.units(), r.gh())
          .addStatement(s.lang("System") + ".arraycopy($L, go + 2 * $L, $L, (b * STEPS + t) * $L, $L)", r.gh(), r.units(), r.hiddenN(), r.units(), r.units())
          .endControlFlow();
    }
    return m.build();
  }

  private MethodSpec gatesMethod(BatchRange b) {
    MethodSpec.Builder m = method("Gates", "$L: the gate functions of step t, inlined per site.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m).addParameter(boolean.class, "training");
    for (GateSite site : l.gateSites()) {
      if (!r.lstm() && site.gate() == GateName.CANDIDATE) {
        m.addComment("n's pre-activation: W_in x + b_in + r (W_hn h + b_hn), now that r is known.");
        m.beginControlFlow(b.loop("n"))
            .addStatement("final int zo = (n * STEPS + t) * $L", r.gates())
            .addStatement("final int ho = (n * STEPS + t) * $L", r.units())
            .addStatement("for (int k = 0; k < $L; k++) $L[zo + 2 * $L + k] += $L[zo + k] * $L[ho + k]",
                r.units(), r.pre(), r.units(), r.act(), r.hiddenN())
            .endControlFlow();
      }
      m.addComment("$L: $L$L", site.gate(), site.activation().fn(),
          site.activation().hasNoise() ? " with " + site.activation().variant() + " noise" : "");
      siteForward(m, b.rows(r.gateSite(site)));
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

  private MethodSpec updateMethod(BatchRange b) {
    MethodSpec.Builder m = method("Update", r.lstm()
            ? "$L: c_t = f c_{t-1} + i g, then h_t = o tanh(c_t) with the cell site's function."
            : "$L: h_t = (1 - z) n + z h_{t-1}.")
        .addParameter(int.class, "t", Modifier.FINAL);
    b.parameters(m).addParameter(boolean.class, "training");
    previousState(m);
    String hdn = r.units();
    m.beginControlFlow(b.loop("n"))
        .addStatement("final int go = (n * STEPS + t) * $L", r.gates())
        .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
        .addStatement("final int po = n * prevStride + prevOffset");
    if (r.lstm()) {
      m.addStatement("for (int k = 0; k < $L; k++) $L[ho + k] = $L[go + $L + k] * cp[po + k] + $L[go + k] * $L[go + 2 * $L + k]",
          hdn, r.cell(), r.act(), hdn, r.act(), r.act(), hdn);
    } else {
      m.beginControlFlow("for (int k = 0; k < $L; k++)", hdn)
          .addStatement("final $L z = $L[go + $L + k]", s.name(), r.act(), hdn)
          .addStatement("$L[ho + k] = ($L - z) * $L[go + 2 * $L + k] + z * hp[po + k]", r.hidden(), s.lit(1), r.act(), hdn)
          .endControlFlow();
    }
    m.endControlFlow();
    if (r.lstm()) {
      m.addComment("CELL: $L$L", l.cellSite().activation().fn(),
          l.cellSite().activation().hasNoise() ? " with " + l.cellSite().activation().variant() + " noise" : "");
      siteForward(m, b.rows(r.cellSite()));
      m.beginControlFlow(b.loop("n"))
          .addStatement("final int go = (n * STEPS + t) * $L", r.gates())
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("for (int k = 0; k < $L; k++) $L[ho + k] = $L[go + 3 * $L + k] * $L[ho + k]",
              hdn, r.hidden(), r.act(), hdn, r.cellAct())
          .endControlFlow();
    }
    if (l.variableLength()) {
      m.addComment("Past its length an example keeps its state.");
      m.beginControlFlow(b.loop("n"))
          .beginControlFlow("if (t >= lengths[n])")
          .addStatement("final int ho = (n * STEPS + t) * $L", hdn)
          .addStatement("final int po = n * prevStride + prevOffset")
          .addStatement(s.lang("System") + ".arraycopy(hp, po, $L, ho, $L)", r.hidden(), hdn);
      if (r.lstm()) {
        m.addStatement(s.lang("System") + ".arraycopy(cp, po, $L, ho, $L)", r.cell(), hdn);
      }
      m.endControlFlow().endControlFlow();
    }
    return m.build();
  }

  private MethodSpec poolMethod(BatchRange b) {
    MethodSpec.Builder m = method("Pool", l.output() == SequenceOutput.LAST
            ? "$L: the output is the state after the last step (past a shorter example's length its state is carried)."
            : "$L: the output is the mean of the states over each example's steps.");
    b.parameters(m);
    m.beginControlFlow(b.loop("n"));
    if (l.output() == SequenceOutput.LAST) {
      m.addStatement(s.lang("System") + ".arraycopy($L, (n * STEPS + STEPS - 1) * $L, $L, n * $L, $L)", r.hidden(), r.units(), r.out(), r.units(), r.units());
    } else {
      m.addStatement("final int length = $L", l.variableLength() ? "lengths[n]" : "STEPS")
          .addStatement("final int oo = n * $L", r.units())
          .addStatement("java.util.Arrays.fill($L, oo, oo + $L, $L)", r.out(), r.units(), s.lit(0))
          .beginControlFlow("for (int t = 0; t < length; t++)")
          .addStatement("final int ho = (n * STEPS + t) * $L", r.units())
          .addStatement("for (int k = 0; k < $L; k++) $L[oo + k] += $L[ho + k]", r.units(), r.out(), r.hidden())
          .endControlFlow()
          .addStatement("final $L inverse = $L / length", s.name(), s.lit(1))
          .addStatement("for (int k = 0; k < $L; k++) $L[oo + k] *= inverse", r.units(), r.out());
    }
    return m.endControlFlow().build();
  }
}
