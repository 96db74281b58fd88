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
  private com.palantir.javapoet.CodeBlock skipPadding() {
    if (!masked) {
      return com.palantir.javapoet.CodeBlock.of("");
    }
    return com.palantir.javapoet.CodeBlock.builder()
        .beginControlFlow("if (n % STEPS >= lengths[n / STEPS])")
        .addStatement("if (gradient) $T.fill(d[n], $L)", java.util.Arrays.class, s.lit(0))
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
        .addStatement("final $T z = $L", s.rows(), Names.pre(out))
        .addStatement("final $T d = $L", s.rows(), Names.delta(out))
        .addCode(scale("1.0 / batch"))
        .addStatement("double total = 0")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addCode(skipPadding())
        .addStatement("final $T zn = z[n]", s.array())
        .addStatement("double max = zn[0]")
        .addStatement("for (int k = 1; k < $L; k++) max = " + s.lang("Math") + ".max(max, zn[k])", units)
        .addStatement("double sum = 0")
        .addStatement("for (int k = 0; k < $L; k++) sum += " + s.lang("Math") + ".exp(zn[k] - max)", units)
        .addStatement("final double logSum = max + " + s.lang("Math") + ".log(sum)")
        .addStatement("total += logSum - zn[labels[n]]")
        .beginControlFlow("if (gradient)")
        .addStatement("final $T dn = d[n]", s.array())
        .addStatement("for (int k = 0; k < $L; k++) dn[k] = $L", units, s.fromDouble(s.lang("Math") + ".exp(zn[k] - logSum) * scale"))
        .addStatement("dn[labels[n]] -= $L", s.fromDouble("scale"))
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
        .addStatement("final $T y = $L", s.rows(), Names.out(out))
        .addStatement("final $T d = $L", s.rows(), Names.delta(out))
        .addCode(scale("1.0 / ((double) batch * " + units + ")"))
        .addStatement("double total = 0")
        .beginControlFlow("for (int n = 0; n < batch; n++)")
        .addCode(skipPadding())
        .addStatement("final $T yn = y[n]", s.array())
        .addStatement("final $T dn = d[n]", s.array())
        .addStatement("final int base = n * $L", units)
        .beginControlFlow("for (int k = 0; k < $L; k++)", units)
        .addStatement("final double diff = $Lyn[k] - targets[base + k]", s.widen())
        .addStatement("total += diff * diff")
        .addStatement("if (gradient) dn[k] = $L", s.fromDouble("2.0 * diff * scale"))
        .endControlFlow()
        .endControlFlow()
        .addStatement("return total * scale")
        .build();
  }
}
