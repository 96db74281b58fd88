package dev.dither.processor.writer;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.dither.Loss;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.NetworkModel;
import javax.lang.model.element.Modifier;

/** Emits the loss: its value, and its gradient written into the output layer's Delta. */
final class LossWriter {
  private final Scalar s;
  private final boolean masked;

  /**
   * @param masked whether the loss sees one row per step of variable-length examples: rows past
   *     an example's length then carry no loss and the mean is over the real steps
   */
  LossWriter(Scalar scalar, boolean masked) {
    this.s = scalar;
    this.masked = masked;
  }

  /** Declares {@code scale}: one over the number of rows (or of real rows, when masked). */
  private com.palantir.javapoet.CodeBlock scale(String unmasked) {
    if (!masked) {
      return com.palantir.javapoet.CodeBlock.of("final double scale = $L;\n", unmasked);
    }
    return com.palantir.javapoet.CodeBlock.builder()
        .addStatement("int real = 0")
        .addStatement("for (int n = 0; n < batch / STEPS; n++) real += lengths[n]")
        .addStatement("final double scale = $L", unmasked.replace("batch", "real"))
        .build();
  }

  /** Inside the row loop over {@code n}: padded steps contribute no loss and no gradient. */
  private com.palantir.javapoet.CodeBlock skipPadding(String units) {
    if (!masked) {
      return com.palantir.javapoet.CodeBlock.of("");
    }
    return com.palantir.javapoet.CodeBlock.builder()
        .beginControlFlow("if (n % STEPS >= lengths[n / STEPS])")
        .addStatement("if (gradient) $T.fill(d, base, base + $L, $L)", java.util.Arrays.class, units, s.lit(0))
        .addStatement("continue")
        .endControlFlow()
        .build();
  }

  static String methodName(Loss loss) {
    return loss == Loss.SOFTMAX_CROSS_ENTROPY ? "softmaxCrossEntropy" : "meanSquaredError";
  }

  MethodSpec loss(NetworkModel network, String origin) {
    return network.loss() == Loss.SOFTMAX_CROSS_ENTROPY
        ? softmaxCrossEntropy(network.output(), origin)
        : meanSquaredError(network.output(), origin);
  }

  /**
   * Mean over the batch of log Σ exp(z) - z[label], computed around the row maximum so that
   * logits of any size are safe. The softmax is fused: dL/dz = (softmax(z) - onehot) / batch.
   */
  private MethodSpec softmaxCrossEntropy(DenseLayerModel out, String origin) {
    String units = Names.units(out);
    return MethodSpec.methodBuilder(methodName(Loss.SOFTMAX_CROSS_ENTROPY))
        .addModifiers(Modifier.PRIVATE)
        .returns(double.class)
        .addJavadoc("$L: mean softmax cross-entropy of $L, shifted by each row's maximum;\n"
            + "with {@code gradient}, writes dL/dz = (softmax(z) - onehot(label)) / batch to $L.\n",
            origin, Names.pre(out), Names.delta(out))
        .addParameter(int[].class, "labels", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "gradient")
        .addStatement("final $T z = $L", s.array(), Names.pre(out))
        .addStatement("final $T d = $L", s.array(), Names.delta(out))
        .addCode(scale("1.0 / batch"))
        .addStatement("double total = 0")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int base = n * $L", units)
        .addCode(skipPadding(units))
        .addStatement("double max = z[base]")
        .addStatement("for (int k = 1; k < $L; k++) max = Math.max(max, z[base + k])", units)
        .addStatement("double sum = 0")
        .addStatement("for (int k = 0; k < $L; k++) sum += Math.exp(z[base + k] - max)", units)
        .addStatement("final double logSum = max + Math.log(sum)")
        .addStatement("total += logSum - z[base + labels[n]]")
        .beginControlFlow("if (gradient)")
        .addStatement("for (int k = 0; k < $L; k++) d[base + k] = $L", units,
            s.fromDouble("Math.exp(z[base + k] - logSum) * scale"))
        .addStatement("d[base + labels[n]] -= $L", s.fromDouble("scale"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total * scale")
        .build();
  }

  /** PyTorch's {@code MSELoss}: the mean over batch and outputs of (y - t)². */
  private MethodSpec meanSquaredError(DenseLayerModel out, String origin) {
    String units = Names.units(out);
    return MethodSpec.methodBuilder(methodName(Loss.MEAN_SQUARED_ERROR))
        .addModifiers(Modifier.PRIVATE)
        .returns(double.class)
        .addJavadoc("$L: mean over batch and outputs of ($L - t)²;\n"
            + "with {@code gradient}, writes dL/dy = 2 (y - t) / (batch · $L) to $L.\n",
            origin, Names.out(out), units, Names.delta(out))
        .addParameter(s.array(), "targets", Modifier.FINAL)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "gradient")
        .addStatement("final $T y = $L", s.array(), Names.out(out))
        .addStatement("final $T d = $L", s.array(), Names.delta(out))
        .addCode(scale("1.0 / ((double) batch * " + units + ")"))
        .addStatement("double total = 0")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addStatement("final int base = n * $L", units)
        .addCode(skipPadding(units))
        .beginControlFlow("for (int j = base; j < base + $L; j++)", units)
        .addStatement("final double diff = $Ly[j] - targets[j]", s.widen())
        .addStatement("total += diff * diff")
        .addStatement("if (gradient) d[j] = $L", s.fromDouble("2.0 * diff * scale"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total * scale")
        .build();
  }
}
