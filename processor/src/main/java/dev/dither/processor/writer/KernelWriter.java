package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * The matrix-product microkernels of a network: {@code t_e[o] += Σ_k a_{e,k} · w_k[o]} over one
 * row of constant width, for {@code E} target rows and {@code K} weight rows at a time. Layer
 * writers ask for a kernel by width ({@link #madd}) and loop over the reduction dimension
 * themselves ({@link #product}); the class gets one static method per width and shape used.
 *
 * <p>Why this shape: C2 on JDK 17 vectorises a loop only when every array in it is indexed by
 * the loop variable alone (see {@link DenseLayerWriter}), and the loop cannot keep accumulators
 * in registers across the reduction. So each call reads {@code K} weight rows once for
 * {@code E} targets, and loads and stores each target once per {@code K} products. In a
 * microbenchmark of these loops (512 wide, JDK 17, AVX-512) 2 × 4 was among the fastest shapes;
 * 4 × 4 and 2 × 8 ran several times slower, as if C2 stopped vectorising them.
 * The sum is written left to right, {@code t + a0·w0 + a1·w1 + ...}, so a blocked product adds
 * in the same order as the plain loop over k and gives the same bits whatever the blocking.
 */
final class KernelWriter {
  /** Target rows per call. */
  static final int TARGETS = 2;
  /** Weight rows per call. */
  static final int DEPTH = 4;

  private final Scalar s;
  /** Requested kernels by method name, in name order so the output is deterministic. */
  private final Map<String, MethodSpec> kernels = new TreeMap<>();

  KernelWriter(Scalar scalar) {
    this.s = scalar;
  }

  /**
   * The name of the kernel over rows of {@code width} (a constant's name) for {@code targets}
   * target rows and {@code depth} weight rows, registering it on first use.
   */
  String madd(String width, int targets, int depth) {
    String name = "madd" + camel(width) + targets + "x" + depth;
    kernels.computeIfAbsent(name, k -> kernel(k, width, targets, depth));
    return name;
  }

  /** The kernels requested so far. Call after every writer has emitted its methods. */
  List<MethodSpec> methods() {
    return new ArrayList<>(kernels.values());
  }

  private static String camel(String constant) {
    StringBuilder b = new StringBuilder();
    for (String part : constant.split("_")) {
      if (!part.isEmpty()) {
        b.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return b.toString();
  }

  private MethodSpec kernel(String name, String width, int targets, int depth) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc("t$L[o] += Σ_k a$L[k] · w_k[o] for o < $L: $L target row(s), $L weight row(s).\n",
            targets == 1 ? "" : "_e", targets == 1 ? "" : "_e", width, targets, depth);
    for (int e = 0; e < targets; e++) {
      for (int k = 0; k < depth; k++) {
        m.addParameter(s.type(), scalar(e, k), Modifier.FINAL);
      }
    }
    for (int k = 0; k < depth; k++) {
      m.addParameter(s.array(), "w" + k, Modifier.FINAL);
    }
    for (int e = 0; e < targets; e++) {
      m.addParameter(s.array(), "t" + e, Modifier.FINAL);
    }
    m.beginControlFlow("for (int o = 0; o < $L; o++)", width);
    for (int k = 0; k < depth; k++) {
      m.addStatement("final $L v$L = w$L[o]", s.name(), k, k);
    }
    for (int e = 0; e < targets; e++) {
      StringBuilder sum = new StringBuilder("t" + e + "[o]");
      for (int k = 0; k < depth; k++) {
        sum.append(" + ").append(scalar(e, k)).append(" * v").append(k);
      }
      m.addStatement("t$L[o] = $L", e, sum);
    }
    return m.endControlFlow().build();
  }

  private static String scalar(int e, int k) {
    return (char) ('a' + e) + Integer.toString(k);
  }

  /** Where the scalars of a product come from: the expression of a_{e,k}. */
  interface Scalars {
    String at(int target, String k);
  }

  /**
   * A loop adding {@code Σ_{k < depth} a_{e,k} · w[k]} to up to two target rows, over weight
   * rows {@code weights[k]} of {@code width}: blocks of {@link #DEPTH}, then the remainder.
   *
   * @param depth the reduction length as a constant's name, and {@code depthValue} its value
   * @param targets the target row expressions, one or two
   */
  CodeBlock product(String width, String depth, int depthValue, String weights, Scalars a, String... targets) {
    CodeBlock.Builder c = CodeBlock.builder();
    int e = targets.length;
    int blocked = depthValue / DEPTH * DEPTH;
    if (blocked > 0) {
      c.beginControlFlow("for (int k = 0; k < $L; k += $L)", blocked == depthValue ? depth : Integer.toString(blocked), DEPTH);
      c.addStatement("$L($L, $L[k], $L[k + 1], $L[k + 2], $L[k + 3], $L)", madd(width, e, DEPTH),
          args(a, e, DEPTH), weights, weights, weights, weights, String.join(", ", targets));
      c.endControlFlow();
    }
    if (blocked < depthValue) {
      c.addStatement("for (int k = $L; k < $L; k++) $L($L, $L[k], $L)", blocked, depth, madd(width, e, 1),
          args(a, e, 1), weights, String.join(", ", targets));
    }
    return c.build();
  }

  private static String args(Scalars a, int targets, int depth) {
    List<String> args = new ArrayList<>();
    for (int e = 0; e < targets; e++) {
      for (int k = 0; k < depth; k++) {
        args.add(a.at(e, k == 0 ? "k" : "k + " + k));
      }
    }
    return String.join(", ", args);
  }

  /** The side of a transposition tile: 16 target rows of 16 values, 16 cache lines, stay in L1. */
  static final int TILE = 16;

  /**
   * {@code target[o][i] = element} for i in [from, to) and o < cols, tile by tile: a plain loop
   * writes one value into each of {@code cols} rows per input row, a cache line apiece, and ran
   * several times slower than this on the 256-wide dense layers of {@code bench/}.
   *
   * @param element the source value in terms of {@code i} and {@code o}
   */
  static CodeBlock transposeTiled(String from, String to, String cols, String target, String element, String math) {
    return CodeBlock.builder()
        .beginControlFlow("for (int i0 = $L; i0 < $L; i0 += $L)", from, to, TILE)
        .addStatement("final int i1 = $L.min(i0 + $L, $L)", math, TILE, to)
        .beginControlFlow("for (int o0 = 0; o0 < $L; o0 += $L)", cols, TILE)
        .addStatement("final int o1 = $L.min(o0 + $L, $L)", math, TILE, cols)
        .beginControlFlow("for (int i = i0; i < i1; i++)")
        .addStatement("for (int o = o0; o < o1; o++) $L[o][i] = $L", target, element)
        .endControlFlow()
        .endControlFlow()
        .endControlFlow()
        .build();
  }
}
