package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.InputModel;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * An {@code @Embedding} input: token ids select rows of a trained table
 * ({@code [vocabulary][dimension]}, PyTorch's layout). Forward gathers rows into a buffer the
 * first layer reads; backward scatters the first layer's input gradient back into the rows used.
 */
final class EmbeddingWriter {
  private final WriterContext ctx;
  private final InputModel input;
  private final String n;

  EmbeddingWriter(WriterContext ctx) {
    this.ctx = ctx;
    this.input = ctx.net.input();
    this.n = input.name();
  }

  private String dim() { return Names.constant(n) + "_UNITS"; }
  String weight() { return n + "Weight"; }
  String embedded() { return n + "Embedded"; }
  String delta() { return n + "Delta"; }
  private String rowsPerExample() { return input.isSequence() ? WriterContext.STEPS : "1"; }

  List<FieldSpec> fields() {
    return List.of(
        ctx.array(weight(), input.vocabulary() + " * " + dim(),
            "Embedding table of {@code @Embedding} on " + ctx.link(n) + ", {@code [vocabulary][dimension]}."),
        ctx.array(weight() + "Grad", input.vocabulary() + " * " + dim(), null));
  }

  List<LayerWriter.Buffer> buffers() {
    String perExample = input.isSequence() ? WriterContext.STEPS + " * " + dim() : dim();
    return List.of(LayerWriter.Buffer.flat(embedded(), perExample), LayerWriter.Buffer.flat(delta(), perExample));
  }

  CodeBlock parameter() {
    return CodeBlock.of("$T.$L($S, new int[] {$L, $L}, false, true, $L, $L)", WriterContext.PARAMETER,
        ctx.s.parameterFactory(), n + ".weight", input.vocabulary(), dim(), weight(), weight() + "Grad");
  }

  MethodSpec initializer() {
    return MethodSpec.methodBuilder(n + "Initialize")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("{@code @Embedding} on $L: N(0, 1) entries, as PyTorch's {@code nn.Embedding}.\n", ctx.link(n))
        .addParameter(WriterContext.RANDOM, "random")
        .addStatement("final double[] table = new double[$L * $L]", input.vocabulary(), dim())
        .addStatement("for (int i = 0; i < table.length; i++) table[i] = random.nextGaussian()")
        .addStatement("parameters.get($S).copyFrom(table)", n + ".weight")
        .build();
  }

  List<MethodSpec> methods() {
    return List.of(
        MethodSpec.methodBuilder(n + "Gather")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc("{@code @Embedding} on $L: each token's row of $L into $L.\n", ctx.link(n), weight(), embedded())
            .addParameter(int[].class, "tokens", Modifier.FINAL)
            .addParameter(int.class, "batch")
            .addStatement("for (int r = 0, rows = batch * $L; r < rows; r++) " + ctx.s.lang("System") + ".arraycopy($L, tokens[r] * $L, $L, r * $L, $L)",
                rowsPerExample(), weight(), dim(), embedded(), dim(), dim())
            .build(),
        MethodSpec.methodBuilder(n + "Scatter")
            .addModifiers(Modifier.PRIVATE)
            .addJavadoc("{@code @Embedding} on $L: adds each position's gradient to its token's row.\n", ctx.link(n))
            .addParameter(int[].class, "tokens", Modifier.FINAL)
            .addParameter(int.class, "batch")
            .addStatement("final $T g = $L", ctx.s.array(), weight() + "Grad")
            .addStatement("$T.fill(g, $L)", java.util.Arrays.class, ctx.s.lit(0))
            .beginControlFlow("for (int r = 0, rows = batch * $L; r < rows; r++)", rowsPerExample())
            .addStatement("final int row = tokens[r] * $L", dim())
            .addStatement("final int d = r * $L", dim())
            .addStatement("for (int k = 0; k < $L; k++) g[row + k] += $L[d + k]", dim(), delta())
            .endControlFlow()
            .build());
  }
}
