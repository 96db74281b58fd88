package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import javax.lang.model.element.Modifier;

/**
 * The products of a recurrent layer's backward pass that come after the reverse loop: the
 * weight gradients x_tᵀ · dG and h_{t-1}ᵀ · dG over all {@code batch × STEPS} rows (four rows per
 * kernel call, every gradient row read and written once per four) and, below another layer, the
 * input gradient dG · W_ihᵀ. A lane ({@link LaneWriter}) computes a range of gradient rows, or of
 * examples for the input gradient.
 */
final class RecurrentGradientWriter {
  private final WriterContext ctx;
  private final Scalar s;
  private final RecurrentNames r;
  private final RecurrentLayerModel l;
  private final RecurrentForwardWriter forward;
  private final String inputDelta;
  private final boolean inputRows;

  /** @param inputDelta where the gradient with respect to the input goes, or null for none */
  RecurrentGradientWriter(WriterContext ctx, RecurrentNames names, RecurrentForwardWriter forward, String inputDelta) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.r = names;
    this.l = names.l;
    this.forward = forward;
    this.inputDelta = inputDelta;
    this.inputRows = ctx.inputRows(names.l);
  }

  private MethodSpec.Builder method(String suffix, String doc) {
    return r.method(suffix, doc);
  }

  /** The weight gradients (over all gradient rows, or a lane's) and the input gradient. */
  List<MethodSpec> methods(boolean lane) {
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
