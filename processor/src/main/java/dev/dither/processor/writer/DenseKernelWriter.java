package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.dither.processor.model.DenseLayerModel;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * A dense layer's training passes for batches of {@value #MIN_BATCH} or more, as blocked products
 * ({@link KernelWriter}): two examples by four inputs per kernel call in the forward pass, two
 * gradient rows by four examples in the weight gradient, two examples by four units through the
 * transposed weights for the input gradient. Each reads weight rows once per two examples instead
 * of once per example, and loads and stores its targets once per four products. The weights are
 * mirrored as rows (and transposed) once per pass, a cost of one copy per weight; smaller batches
 * keep {@link DenseLayerWriter}'s loops, which copy only the weight rows of non-zero inputs.
 *
 * <p>Zero inputs are still skipped: the inputs (or, for the gradient, the examples) that are
 * non-zero in either of the two rows a call serves are queued four at a time, so sparse inputs
 * (pixels, one-hot codes, ReLU outputs) cost little more than their non-zero entries. The sums run
 * over the inputs in ascending order, as in the unblocked loops.
 */
final class DenseKernelWriter {
  /** The smallest batch that takes the blocked path. */
  static final int MIN_BATCH = 4;

  private final WriterContext ctx;
  private final Scalar s;
  private final DenseLayerModel l;
  private final boolean inputRows;
  private final String in;
  private final int inWidth;
  private final String units;

  DenseKernelWriter(WriterContext ctx, DenseLayerModel layer) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.l = layer;
    this.inputRows = ctx.inputRows(layer);
    this.in = ctx.inputUnits(layer);
    this.inWidth = ctx.inputWidth(layer);
    this.units = Names.units(layer);
  }

  private String weightRows() { return l.name() + "WeightRows"; }
  private String weightT() { return l.name() + "WeightT"; }
  private String queue() { return l.name() + "Queue"; }
  private String scratchRows() { return l.name() + "ScratchRows"; }
  static String linear(DenseLayerModel l) { return l.name() + "LinearBlocked"; }
  static String gradients(DenseLayerModel l) { return l.name() + "GradientsBlocked"; }
  static String propagate(DenseLayerModel l) { return l.name() + "PropagateBlocked"; }

  private TypeName inputType() {
    return inputRows ? s.rows() : s.array();
  }

  private String x(String n, String i) {
    return inputRows ? "x[" + n + "][" + i + "]" : "x[(" + n + ") * " + in + " + " + i + "]";
  }

  /** @param propagates whether the layer passes a gradient to its input */
  List<FieldSpec> fields(boolean propagates) {
    List<FieldSpec> f = new ArrayList<>();
    f.add(FieldSpec.builder(s.rows(), weightRows(), Modifier.PRIVATE)
        .addJavadoc("Row mirror of $L for the blocked forward pass of training; allocated on first use, so an\n"
            + "inference view, which shares the code but never trains, holds no copy of the weights.\n", Names.weight(l))
        .build());
    if (propagates) {
      f.add(ctx.rows(weightT(), units, in, Names.weight(l) + " transposed for the blocked input gradient."));
    }
    String width = propagates && !in.equals(units) ? s.lang("Math") + ".max(" + in + ", " + units + ")" : units;
    f.add(ctx.rows(scratchRows(), "2", width, null));
    f.add(FieldSpec.builder(int[].class, queue(), Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("Indices of the next four non-zero inputs (or examples) for a kernel call.\n")
        .initializer("new int[$L]", KernelWriter.DEPTH).build());
    return f;
  }

  /** The statement that sends a batch of at least {@value #MIN_BATCH} to the blocked method. */
  static CodeBlock dispatch(String method, String args) {
    return CodeBlock.builder()
        .beginControlFlow("if (batch >= $L)", MIN_BATCH)
        .addStatement("$L($L)", method, args)
        .addStatement("return")
        .endControlFlow()
        .build();
  }

  /**
   * The statement that sends a training batch of at least {@value #MIN_BATCH} to the blocked
   * forward method. Evaluation keeps the per-example loops, which need no weight mirror, so the
   * forward code that inference views share allocates nothing per view.
   */
  static CodeBlock dispatchTraining(String method, String args) {
    return CodeBlock.builder()
        .beginControlFlow("if (training && batch >= $L)", MIN_BATCH)
        .addStatement("$L($L)", method, args)
        .addStatement("return")
        .endControlFlow()
        .build();
  }

  /** Rows n and n + 1 (or n alone) of x W added to Pre, which holds the bias. */
  MethodSpec linear(String origin) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(linear(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L += x · $L, two rows at a time.\n", origin, Names.pre(l), Names.weight(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .beginControlFlow("if ($L == null)", weightRows())
        .addStatement("$L = new $L[$L][$L]", weightRows(), s.name(), in, units)
        .endControlFlow()
        .addStatement("final $T w = $L", s.rows(), weightRows())
        .addStatement("for (int i = 0; i < $L; i++) " + s.lang("System") + ".arraycopy($L, i * $L, w[i], 0, $L)", in, Names.weight(l), units, units)
        .addStatement("final $T z = $L", s.rows(), Names.pre(l))
        .addStatement("final int[] q = $L", queue());
    RecurrentForwardWriter.pairs(m, "n", "batch", e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      String[] rows = e == 2 ? new String[] {"n", "n + 1"} : new String[] {"n"};
      String[] targets = e == 2 ? new String[] {"z[n]", "z[n + 1]"} : new String[] {"z[n]"};
      c.add(queued("i", in, e == 2 ? x("n", "i") + " != " + s.lit(0) + " || " + x("n + 1", "i") + " != " + s.lit(0)
          : x("n", "i") + " != " + s.lit(0), "w", rows, false, targets));
      return c.build();
    });
    return m.build();
  }

  /**
   * A loop over {@code index < bound} that queues the indices where {@code nonZero} holds and
   * sends every four to a kernel call over the rows {@code rows[q[j]]}, then the rest one by one.
   */
  private CodeBlock queued(String index, String bound, String nonZero, String rows, String[] lines, boolean byColumn,
      String[] targets) {
    int e = targets.length;
    int depth = KernelWriter.DEPTH;
    return CodeBlock.builder()
        .addStatement("int c = 0")
        .beginControlFlow("for (int $L = 0; $L < $L; $L++)", index, index, bound, index)
        .beginControlFlow("if ($L)", nonZero)
        .addStatement("q[c++] = $L", index)
        .beginControlFlow("if (c == $L)", depth)
        .addStatement("$L($L, $L[q[0]], $L[q[1]], $L[q[2]], $L[q[3]], $L)", ctx.kernels.madd(units, e, depth),
            scalars(lines, j -> "q[" + j + "]", depth, byColumn), rows, rows, rows, rows, String.join(", ", targets))
        .addStatement("c = 0")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addStatement("for (int j = 0; j < c; j++) $L($L, $L[q[j]], $L)", ctx.kernels.madd(units, e, 1),
            scalars(lines, j -> "q[j]", 1, byColumn), rows, String.join(", ", targets))
        .build();
  }

  /**
   * The scalars of a kernel call: for each target row, {@code depth} inputs chosen by
   * {@code index}. With {@code byColumn}, targets are columns of x and the index picks rows.
   */
  private String scalars(String[] targets, java.util.function.IntFunction<String> index, int depth, boolean byColumn) {
    List<String> a = new ArrayList<>();
    for (String t : targets) {
      for (int j = 0; j < depth; j++) {
        a.add(byColumn ? x(index.apply(j), t) : x(t, index.apply(j)));
      }
    }
    return String.join(", ", a);
  }

  /** WeightGrad = xᵀ Delta, two gradient rows at a time; the caller has summed the bias gradient. */
  MethodSpec gradients(String origin) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(gradients(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = xᵀ · $L, two gradient rows at a time.\n", origin, Names.weightGrad(l), Names.delta(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T d = $L", s.rows(), Names.delta(l))
        .addStatement("final $T g0 = $L[0], g1 = $L[1]", s.array(), scratchRows(), scratchRows())
        .addStatement("final int[] q = $L", queue())
        .addStatement("int i = 0");
    m.beginControlFlow("for (; i + 1 < $L; i += 2)", in).addCode(gradientRows(2)).endControlFlow();
    if (inWidth % 2 == 1) {
      m.addCode(gradientRows(1));
    }
    return m.build();
  }

  private CodeBlock gradientRows(int e) {
    String[] cols = e == 2 ? new String[] {"i", "i + 1"} : new String[] {"i"};
    String[] targets = e == 2 ? new String[] {"g0", "g1"} : new String[] {"g0"};
    CodeBlock.Builder c = CodeBlock.builder();
    for (String t : targets) {
      c.addStatement("$T.fill($L, 0, $L, $L)", java.util.Arrays.class, t, units, s.lit(0));
    }
    c.add(queued("n", "batch", e == 2 ? x("n", "i") + " != " + s.lit(0) + " || " + x("n", "i + 1") + " != " + s.lit(0)
        : x("n", "i") + " != " + s.lit(0), "d", cols, true, targets));
    for (int j = 0; j < e; j++) {
      c.addStatement(s.lang("System") + ".arraycopy(g$L, 0, $L, ($L) * $L, $L)", j, Names.weightGrad(l), cols[j], units, units);
    }
    return c.build();
  }

  /** target = Delta · Wᵀ through the transposed weights, two examples at a time. */
  MethodSpec propagate(String origin, String target, boolean targetRows) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(propagate(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = $L · $Lᵀ, two examples at a time.\n", origin, target, Names.delta(l), Names.weight(l))
        .addParameter(int.class, "batch")
        .addStatement("final $T wt = $L", s.rows(), weightT())
        .beginControlFlow("for (int i = 0; i < $L; i++)", in)
        .addStatement("final int row = i * $L", units)
        .addStatement("for (int o = 0; o < $L; o++) wt[o][i] = $L[row + o]", units, Names.weight(l))
        .endControlFlow()
        .addStatement("final $T d = $L", s.rows(), Names.delta(l))
        .addStatement("final $T s0 = $L[0], s1 = $L[1]", s.array(), scratchRows(), scratchRows());
    RecurrentForwardWriter.pairs(m, "n", "batch", e -> {
      CodeBlock.Builder c = CodeBlock.builder();
      String[] targets = new String[e];
      for (int j = 0; j < e; j++) {
        String row = j == 0 ? "n" : "n + 1";
        targets[j] = targetRows ? target + "[" + row + "]" : "s" + j;
        c.addStatement("final $T d$L = d[$L]", s.array(), j, row);
        c.addStatement("$T.fill($L, 0, $L, $L)", java.util.Arrays.class, targets[j], in, s.lit(0));
      }
      c.add(ctx.kernels.product(in, units, l.units(), "wt", (t, k) -> "d" + t + "[" + k + "]", targets));
      if (!targetRows) {
        for (int j = 0; j < e; j++) {
          c.addStatement(s.lang("System") + ".arraycopy(s$L, 0, $L, ($L) * $L, $L)", j, target, j == 0 ? "n" : "n + 1", in, in);
        }
      }
      return c.build();
    });
    return m.build();
  }
}
