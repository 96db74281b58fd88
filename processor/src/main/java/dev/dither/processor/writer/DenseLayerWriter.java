package dev.dither.processor.writer;

import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.DenseLayerModel;
import javax.lang.model.element.Modifier;

/**
 * Emits a dense layer's three loops. Weights are stored input-major ({@code [inputs][units]})
 * so that the forward pass and the weight gradient are axpy loops over contiguous rows, which
 * C2 vectorises; a dot-product loop (a floating-point reduction) would run scalar. The loops
 * over the batch sit inside the loop over inputs, so each weight row is read once per batch.
 */
final class DenseLayerWriter {
  private final Scalar s;

  DenseLayerWriter(Scalar scalar) {
    this.s = scalar;
  }

  /** {@code <layer>Linear(x, batch)}: Pre = x W + b for every example. */
  MethodSpec linear(DenseLayerModel layer, String inputUnits, String origin) {
    String units = Names.units(layer);
    return MethodSpec.methodBuilder(Names.linear(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = x · $L + $L for each example.\n", origin, Names.pre(layer),
            Names.weight(layer), Names.bias(layer))
        .addParameter(s.array(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T w = $L", s.array(), Names.weight(layer))
        .addStatement("final $T z = $L", s.array(), Names.pre(layer))
        .addStatement("for (int n = 0; n < batch; n++) System.arraycopy($L, 0, z, n * $L, $L)",
            Names.bias(layer), units, units)
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("final int row = i * $L", units)
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final $L xi = x[n * $L + i]", s.name(), inputUnits)
        .addComment("Zero inputs (one-hot, binary, ReLU) contribute nothing: skip the row.")
        .beginControlFlow("if (xi != $L)", s.lit(0))
        .addStatement("final int zo = n * $L", units)
        .addStatement("for (int o = 0; o < $L; o++) z[zo + o] += xi * w[row + o]", units)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /**
   * {@code <layer>Gradients(x, batch)}: WeightGrad = xᵀ Delta and BiasGrad = Σ Delta. The
   * first example assigns and later ones accumulate, so no separate zeroing pass is needed.
   */
  MethodSpec gradients(DenseLayerModel layer, String inputUnits, String origin) {
    String units = Names.units(layer);
    return MethodSpec.methodBuilder(Names.gradients(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = xᵀ · $L and $L = column sums of $L.\n", origin, Names.weightGrad(layer),
            Names.delta(layer), Names.biasGrad(layer), Names.delta(layer))
        .addParameter(s.array(), "x", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addStatement("final $T dw = $L", s.array(), Names.weightGrad(layer))
        .addStatement("final $T db = $L", s.array(), Names.biasGrad(layer))
        .addStatement("final $T d = $L", s.array(), Names.delta(layer))
        .addStatement("System.arraycopy(d, 0, db, 0, $L)", units)
        .beginControlFlow("for (int n = 1; n < batch; n++)")
        .addStatement("final int dOff = n * $L", units)
        .addStatement("for (int o = 0; o < $L; o++) db[o] += d[dOff + o]", units)
        .endControlFlow()
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("final int row = i * $L", units)
        .addStatement("final $L x0 = x[i]", s.name())
        .addStatement("for (int o = 0; o < $L; o++) dw[row + o] = x0 * d[o]", units)
        .beginControlFlow("for (int n = 1; n < batch; n++)")
        .addStatement("final $L xi = x[n * $L + i]", s.name(), inputUnits)
        .beginControlFlow("if (xi != $L)", s.lit(0))
        .addStatement("final int dOff = n * $L", units)
        .addStatement("for (int o = 0; o < $L; o++) dw[row + o] += xi * d[dOff + o]", units)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }

  /**
   * {@code <layer>Propagate(batch)}: target = Delta · Wᵀ, the gradient with respect to the
   * layer's input. For wide layers four independent partial sums break the dependency chain of
   * the reduction so it runs at the adder's throughput rather than its latency.
   */
  MethodSpec propagate(DenseLayerModel layer, String inputUnits, String target, String origin) {
    String units = Names.units(layer);
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.propagate(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L = $L · $Lᵀ, the gradient at the layer's input.\n", origin, target,
            Names.delta(layer), Names.weight(layer))
        .addParameter(int.class, "batch")
        .addStatement("final $T w = $L", s.array(), Names.weight(layer))
        .addStatement("final $T d = $L", s.array(), Names.delta(layer))
        .addStatement("final $T t = $L", s.array(), target)
        .beginControlFlow("for (int i = 0; i < $L; i++)", inputUnits)
        .addStatement("final int row = i * $L", units)
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int dOff = n * $L", units);
    if (layer.units() < 8) {
      m.addStatement("$L sum = $L", s.name(), s.lit(0))
          .addStatement("for (int o = 0; o < $L; o++) sum += w[row + o] * d[dOff + o]", units)
          .addStatement("t[n * $L + i] = sum", inputUnits);
    } else {
      int blocked = (layer.units() / 4) * 4;
      m.addStatement("$L s0 = $L, s1 = $L, s2 = $L, s3 = $L", s.name(), s.lit(0), s.lit(0), s.lit(0), s.lit(0))
          .beginControlFlow("for (int o = 0; o < $L; o += 4)", blocked)
          .addStatement("s0 += w[row + o] * d[dOff + o]")
          .addStatement("s1 += w[row + o + 1] * d[dOff + o + 1]")
          .addStatement("s2 += w[row + o + 2] * d[dOff + o + 2]")
          .addStatement("s3 += w[row + o + 3] * d[dOff + o + 3]")
          .endControlFlow();
      if (blocked < layer.units()) {
        m.addStatement("for (int o = $L; o < $L; o++) s0 += w[row + o] * d[dOff + o]", blocked, units);
      }
      m.addStatement("t[n * $L + i] = (s0 + s1) + (s2 + s3)", inputUnits);
    }
    return m.endControlFlow().endControlFlow().build();
  }
}
