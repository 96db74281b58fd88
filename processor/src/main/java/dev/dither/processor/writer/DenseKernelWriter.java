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
 *
 * <p>Each pass is a model method that hands its rows to the lanes ({@link LaneWriter}): the
 * forward product and the input gradient split the examples, the weight gradient and the mirrors
 * split the weight rows, so no sum crosses a lane and every thread count gives the same bits.
 * The kernels themselves live in the lane class, whose scratch rows and queue are per lane.
 */
final class DenseKernelWriter {
  /** The smallest batch that takes the blocked path. */
  static final int MIN_BATCH = 4;

  private final WriterContext ctx;
  private final Scalar s;
  private final DenseLayerModel l;
  private final boolean inputRows;
  private final boolean propagates;
  private final String in;
  private final int inWidth;
  private final String units;
  private final String laneInput;
  private final int mirrorTask;
  private final int linearTask;
  private final int gradientsTask;
  private final int propagateTask;

  /** @param propagates whether the layer passes a gradient to its input */
  DenseKernelWriter(WriterContext ctx, DenseLayerModel layer, boolean propagates) {
    this.ctx = ctx;
    this.s = ctx.s;
    this.l = layer;
    this.inputRows = ctx.inputRows(layer);
    this.propagates = propagates;
    this.in = ctx.inputUnits(layer);
    this.inWidth = ctx.inputWidth(layer);
    this.units = Names.units(layer);
    LaneWriter lanes = ctx.lanes;
    this.laneInput = lanes.input(inputRows);
    String name = layer.name();
    this.mirrorTask = lanes.task(name + ": weight mirrors, by weight row", name + "MirrorRows(from, to)");
    this.linearTask = lanes.task(name + ": forward product, by example", name + "LinearRows(" + laneInput + ", from, to)");
    this.gradientsTask = lanes.task(name + ": weight gradient, by weight row",
        name + "GradientRows(" + laneInput + ", laneBatch, from, to)");
    this.propagateTask = propagates ? lanes.task(name + ": input gradient, by example", name + "PropagateRows(from, to)") : -1;
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

  /** The model's fields: the weight mirrors the lanes read. */
  List<FieldSpec> modelFields() {
    List<FieldSpec> f = new ArrayList<>();
    f.add(FieldSpec.builder(s.rows(), weightRows(), Modifier.PRIVATE)
        .addJavadoc("Row mirror of $L for the blocked forward pass of training; allocated on first use, so a\n"
            + "model that is only evaluated holds no copy of the weights.\n", Names.weight(l))
        .build());
    if (propagates) {
      f.add(ctx.rows(weightT(), units, in, Names.weight(l) + " transposed for the blocked input gradient."));
    }
    return f;
  }

  /** Each lane's own fields: the scratch rows and queue of its kernel calls. */
  List<FieldSpec> laneFields() {
    List<FieldSpec> f = new ArrayList<>();
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
   * The blocked forward pass of training: refreshes the mirrors (each lane a range of weight
   * rows), then each lane adds x W to its range of example rows.
   */
  MethodSpec linear(String origin) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(linear(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = x · $L + $L, blocked, over the lanes.\n", origin, Names.pre(l), Names.weight(l), Names.bias(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .beginControlFlow("if ($L == null)", weightRows())
        .addStatement("$L = new $L[$L][$L]", weightRows(), s.name(), in, units)
        .endControlFlow()
        .addStatement("$L = x", laneInput)
        .addStatement("parallel($L, $L)", mirrorTask, in)
        .addStatement("parallel($L, batch)", linearTask)
        .addStatement("$L = null", laneInput);
    return m.build();
  }

  /** Rows [from, to) of the weight mirrors. */
  MethodSpec mirrorRows() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(l.name() + "MirrorRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Weight rows [from, to) of $L copied into $L$L.\n", Names.weight(l), weightRows(),
            propagates ? " and " + weightT() : "")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addStatement("final $T w = $L", s.rows(), weightRows())
        .addStatement("for (int i = from; i < to; i++) " + s.lang("System") + ".arraycopy($L, i * $L, w[i], 0, $L)",
            Names.weight(l), units, units);
    if (propagates) {
      m.addCode(KernelWriter.transposeTiled("from", "to", units, weightT(), "w[i][o]", s.lang("Math")));
    }
    return m.build();
  }

  /** Example rows [from, to) of Pre: the bias, then rows n and n + 1 (or n alone) of x W. */
  MethodSpec linearRows() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(l.name() + "LinearRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rows [from, to) of $L = x · $L + $L, two rows at a time.\n", Names.pre(l), Names.weight(l), Names.bias(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addStatement("final $T w = $L", s.rows(), weightRows())
        .addStatement("final $T z = $L", s.rows(), Names.pre(l))
        .addStatement("final int[] q = $L", queue())
        .addStatement("for (int n = from; n < to; n++) " + s.lang("System") + ".arraycopy($L, 0, z[n], 0, $L)", Names.bias(l), units);
    RecurrentForwardWriter.pairs(m, "n", "from", "to", e -> {
      String[] rows = e == 2 ? new String[] {"n", "n + 1"} : new String[] {"n"};
      String[] targets = e == 2 ? new String[] {"z[n]", "z[n + 1]"} : new String[] {"z[n]"};
      return queued("i", in, e == 2 ? x("n", "i") + " != " + s.lit(0) + " || " + x("n + 1", "i") + " != " + s.lit(0)
          : x("n", "i") + " != " + s.lit(0), "w", rows, false, targets);
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

  /** WeightGrad = xᵀ Delta over the lanes, each a range of gradient rows; the caller has summed the bias gradient. */
  MethodSpec gradients(String origin) {
    return MethodSpec.methodBuilder(gradients(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = xᵀ · $L, blocked, over the lanes.\n", origin, Names.weightGrad(l), Names.delta(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("$L = x", laneInput)
        .addStatement("laneBatch = batch")
        .addStatement("parallel($L, $L)", gradientsTask, in)
        .addStatement("$L = null", laneInput)
        .build();
  }

  /** Gradient rows [from, to), two at a time; {@code from} is even. */
  MethodSpec gradientRows() {
    MethodSpec.Builder m = MethodSpec.methodBuilder(l.name() + "GradientRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rows [from, to) of $L = xᵀ · $L, two gradient rows at a time.\n", Names.weightGrad(l), Names.delta(l))
        .addParameter(inputType(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addStatement("final $T d = $L", s.rows(), Names.delta(l))
        .addStatement("final $T g0 = $L[0], g1 = $L[1]", s.array(), scratchRows(), scratchRows())
        .addStatement("final int[] q = $L", queue())
        .addStatement("int i = from");
    m.beginControlFlow("for (; i + 1 < to; i += 2)").addCode(gradientRows(2)).endControlFlow();
    if (inWidth % 2 == 1) {
      m.beginControlFlow("if (i < to)").addCode(gradientRows(1)).endControlFlow();
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

  /** target = Delta · Wᵀ over the lanes, each a range of examples; the forward pass refreshed the transposed weights. */
  MethodSpec propagate(String origin, String target) {
    return MethodSpec.methodBuilder(propagate(l))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = $L · $Lᵀ, blocked, over the lanes.\n", origin, target, Names.delta(l), Names.weight(l))
        .addParameter(int.class, "batch")
        .addStatement("parallel($L, batch)", propagateTask)
        .build();
  }

  /** Example rows [from, to) of target = Delta · Wᵀ, two at a time. */
  MethodSpec propagateRows(String target, boolean targetRows) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(l.name() + "PropagateRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rows [from, to) of $L = $L · $Lᵀ, two examples at a time.\n", target, Names.delta(l), Names.weight(l))
        .addParameter(int.class, "from")
        .addParameter(int.class, "to")
        .addStatement("final $T wt = $L", s.rows(), weightT())
        .addStatement("final $T d = $L", s.rows(), Names.delta(l))
        .addStatement("final $T s0 = $L[0], s1 = $L[1]", s.array(), scratchRows(), scratchRows());
    RecurrentForwardWriter.pairs(m, "n", "from", "to", e -> {
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
