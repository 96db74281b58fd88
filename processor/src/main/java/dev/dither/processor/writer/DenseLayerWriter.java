package dev.dither.processor.writer;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.dither.processor.model.DenseLayerModel;
import javax.lang.model.element.Modifier;

/**
 * Emits a dense layer's three loops. Weights are stored input-major ({@code [inputs][units]})
 * so that the forward pass and the weight gradient are axpy loops over rows. The layer's
 * per-example buffers are arrays of rows ({@code [rows][units]}).
 *
 * <p>Why rows and a scratch row: C2 (JDK 17) vectorises {@code a[o] += x * b[o]} but not
 * {@code a[p + o] += x * b[q + o]} with two different loop-invariant offsets, since it cannot rule
 * out that the arrays are one and overlap; measured on the 784-256-256-10 benchmark, the flat
 * form ran at scalar speed, 5.7 times slower. So every inner loop indexes its arrays by the loop
 * variable alone: buffers are one array per row, and a weight row is first copied into
 * {@code rowScratch} (a vectorised copy, read once per batch). The loops over the batch sit
 * inside the loop over inputs, so each weight row is read once per batch. Batches of
 * {@value DenseKernelWriter#MIN_BATCH} or more go to {@link DenseKernelWriter}'s blocked loops.
 */
final class DenseLayerWriter {
  /** The shared scratch row, as wide as the widest dense layer. */
  static final String SCRATCH = "rowScratch";
  /** Four scratch rows, as wide as the widest dense layer, for one example's product. */
  static final String SCRATCH_ROWS = "rowsScratch";

  private final Scalar s;
  private final KernelWriter kernels;

  DenseLayerWriter(Scalar scalar, KernelWriter kernels) {
    this.s = scalar;
    this.kernels = kernels;
  }

  private TypeName inputType(boolean inputRows) {
    return inputRows ? com.palantir.javapoet.ArrayTypeName.of(s.array()) : s.array();
  }

  private static String input(boolean inputRows, String n, String width, String i) {
    return inputRows ? "x[" + n + "][" + i + "]" : "x[" + n + " * " + width + " + " + i + "]";
  }

  /** {@code <layer>Linear(x, batch)}: Pre = x W + b for every row. */
  MethodSpec linear(DenseLayerModel layer, String inputUnits, boolean inputRows, String origin) {
    String units = Names.units(layer);
    return MethodSpec.methodBuilder(Names.linear(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = x · $L + $L for each row.\n", origin, Names.pre(layer),
            Names.weight(layer), Names.bias(layer))
        .addParameter(inputType(inputRows), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T z = $L", s.rows(), Names.pre(layer))
        .addStatement("final $T w = $L", s.array(), SCRATCH)
        .addStatement("for (int n = 0; n < batch; n++) " + s.lang("System") + ".arraycopy($L, 0, z[n], 0, $L)", Names.bias(layer), units)
        .beginControlFlow("if (batch == 1)")
        .addStatement("$L(x, z[0])", oneExample(layer))
        .addStatement("return")
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("boolean loaded = false")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final $L xi = $L", s.name(), input(inputRows, "n", inputUnits, "i"))
        .addComment("Zero inputs (one-hot, binary, ReLU) contribute nothing: skip the row, and its copy.")
        .beginControlFlow("if (xi != $L)", s.lit(0))
        .beginControlFlow("if (!loaded)")
        .addStatement(s.lang("System") + ".arraycopy($L, i * $L, w, 0, $L)", Names.weight(layer), units, units)
        .addStatement("loaded = true")
        .endControlFlow()
        .addStatement("final $T zn = z[n]", s.array())
        .addStatement("for (int o = 0; o < $L; o++) zn[o] += xi * w[o]", units)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  static String oneExample(DenseLayerModel layer) {
    return layer.name() + "LinearOne";
  }

  /**
   * {@code <layer>LinearOne(x, z0)}: one example's z0 += x · W, the weight rows of four non-zero
   * inputs per kernel call: it loads and stores z0 once per four rows instead of once per row.
   * The rows are still copied (see above), and the sum still runs over the inputs in order, so
   * the bits are those of the loop over the batch.
   */
  MethodSpec linearOne(DenseLayerModel layer, String inputUnits, boolean inputRows) {
    String units = Names.units(layer);
    String copy = s.lang("System") + ".arraycopy($L, $L * $L, s$L, 0, $L)";
    String x = inputRows ? "x[0][i]" : "x[i]";
    String at = inputRows ? "x[0][$L]" : "x[$L]";
    return MethodSpec.methodBuilder(oneExample(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("One example's $L += x · $L, four non-zero inputs per kernel call.\n", Names.pre(layer), Names.weight(layer))
        .addParameter(inputType(inputRows), "x", Modifier.FINAL)
        .addParameter(s.array(), "z0", Modifier.FINAL)
        .addStatement("final $T s0 = $L[0], s1 = $L[1], s2 = $L[2], s3 = $L[3]", s.array(), SCRATCH_ROWS, SCRATCH_ROWS,
            SCRATCH_ROWS, SCRATCH_ROWS)
        .addStatement("int c = 0, q0 = 0, q1 = 0, q2 = 0")
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .beginControlFlow("if ($L != $L)", x, s.lit(0))
        .beginControlFlow("switch (c++)")
        .addStatement("case 0: q0 = i; break")
        .addStatement("case 1: q1 = i; break")
        .addStatement("case 2: q2 = i; break")
        .addCode("default:\n$>")
        .addStatement(copy, Names.weight(layer), "q0", units, 0, units)
        .addStatement(copy, Names.weight(layer), "q1", units, 1, units)
        .addStatement(copy, Names.weight(layer), "q2", units, 2, units)
        .addStatement(copy, Names.weight(layer), "i", units, 3, units)
        .addStatement("$L(" + at + ", " + at + ", " + at + ", " + at + ", s0, s1, s2, s3, z0)",
            kernels.madd(units, 1, KernelWriter.DEPTH), "q0", "q1", "q2", "i")
        .addStatement("c = 0")
        .addCode("$<")
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .addComment("The last one to three, in order.")
        .beginControlFlow("if (c > 0)")
        .addStatement(copy, Names.weight(layer), "q0", units, 0, units)
        .addStatement("$L(" + at + ", s0, z0)", kernels.madd(units, 1, 1), "q0")
        .endControlFlow()
        .beginControlFlow("if (c > 1)")
        .addStatement(copy, Names.weight(layer), "q1", units, 0, units)
        .addStatement("$L(" + at + ", s0, z0)", kernels.madd(units, 1, 1), "q1")
        .endControlFlow()
        .beginControlFlow("if (c > 2)")
        .addStatement(copy, Names.weight(layer), "q2", units, 0, units)
        .addStatement("$L(" + at + ", s0, z0)", kernels.madd(units, 1, 1), "q2")
        .endControlFlow()
        .build();
  }

  /**
   * {@code <layer>Gradients(x, batch)}: WeightGrad = xᵀ Delta and BiasGrad = Σ Delta. Each weight
   * row is summed in the scratch row and copied out, so no separate zeroing pass is needed.
   */
  MethodSpec gradients(DenseLayerModel layer, String inputUnits, boolean inputRows, String origin) {
    String units = Names.units(layer);
    return MethodSpec.methodBuilder(Names.gradients(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = xᵀ · $L and $L = column sums of $L.\n", origin, Names.weightGrad(layer),
            Names.delta(layer), Names.biasGrad(layer), Names.delta(layer))
        .addParameter(inputType(inputRows), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T db = $L", s.array(), Names.biasGrad(layer))
        .addStatement("final $T d = $L", s.rows(), Names.delta(layer))
        .addStatement("final $T g = $L", s.array(), SCRATCH)
        .addStatement(s.lang("System") + ".arraycopy(d[0], 0, db, 0, $L)", units)
        .beginControlFlow("for (int n = 1; n < batch; n++)")
        .addStatement("final $T dn = d[n]", s.array())
        .addStatement("for (int o = 0; o < $L; o++) db[o] += dn[o]", units)
        .endControlFlow()
        .addCode(DenseKernelWriter.dispatch(DenseKernelWriter.gradients(layer), "x, batch"))
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("final $L x0 = $L", s.name(), input(inputRows, "0", inputUnits, "i"))
        .addStatement("final $T d0 = d[0]", s.array())
        .addStatement("for (int o = 0; o < $L; o++) g[o] = x0 * d0[o]", units)
        .beginControlFlow("for (int n = 1; n < batch; n++)")
        .addStatement("final $L xi = $L", s.name(), input(inputRows, "n", inputUnits, "i"))
        .beginControlFlow("if (xi != $L)", s.lit(0))
        .addStatement("final $T dn = d[n]", s.array())
        .addStatement("for (int o = 0; o < $L; o++) g[o] += xi * dn[o]", units)
        .endControlFlow()
        .endControlFlow()
        .addStatement(s.lang("System") + ".arraycopy(g, 0, $L, i * $L, $L)", Names.weightGrad(layer), units, units)
        .endControlFlow()
        .build();
  }

  /**
   * {@code <layer>Propagate(batch)}: target = Delta · Wᵀ, the gradient with respect to the
   * layer's input. For wide layers four independent partial sums break the dependency chain of
   * the reduction so it runs at the adder's throughput rather than its latency.
   */
  MethodSpec propagate(DenseLayerModel layer, String inputUnits, String target, boolean targetRows, String origin) {
    String units = Names.units(layer);
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.propagate(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = $L · $Lᵀ, the gradient at the layer's input.\n", origin, target,
            Names.delta(layer), Names.weight(layer))
        .addParameter(int.class, "batch")
        .addCode(DenseKernelWriter.dispatch(DenseKernelWriter.propagate(layer), "batch"))
        .addStatement("final $T w = $L", s.array(), Names.weight(layer))
        .addStatement("final $T d = $L", s.rows(), Names.delta(layer))
        .addStatement("final $T t = $L", targetRows ? s.rows() : s.array(), target)
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("final int row = i * $L", units)
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final $T dn = d[n]", s.array());
    String into = targetRows ? "t[n][i]" : "t[n * " + inputUnits + " + i]";
    if (layer.units() < 8) {
      m.addStatement("$L sum = $L", s.name(), s.lit(0))
          .addStatement("for (int o = 0; o < $L; o++) sum += w[row + o] * dn[o]", units)
          .addStatement("$L = sum", into);
    } else {
      int blocked = (layer.units() / 4) * 4;
      m.addStatement("$L s0 = $L, s1 = $L, s2 = $L, s3 = $L", s.name(), s.lit(0), s.lit(0), s.lit(0), s.lit(0))
          .beginControlFlow("for (int o = 0; o < $L; o += 4)", blocked)
          .addStatement("s0 += w[row + o] * dn[o]")
          .addStatement("s1 += w[row + o + 1] * dn[o + 1]")
          .addStatement("s2 += w[row + o + 2] * dn[o + 2]")
          .addStatement("s3 += w[row + o + 3] * dn[o + 3]")
          .endControlFlow();
      if (blocked < layer.units()) {
        m.addStatement("for (int o = $L; o < $L; o++) s0 += w[row + o] * dn[o]", blocked, units);
      }
      m.addStatement("$L = (s0 + s1) + (s2 + s3)", into);
    }
    return m.endControlFlow().endControlFlow().build();
  }
}
