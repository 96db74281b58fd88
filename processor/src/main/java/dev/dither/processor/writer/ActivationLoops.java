package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;

/** The loops an activation runs over a {@link Site}: per element, per unit, per row. */
final class ActivationLoops {
  private final Scalar s;

  ActivationLoops(Scalar scalar) {
    this.s = scalar;
  }

  CodeBlock rowLocals(Site site) {
    CodeBlock.Builder c = CodeBlock.builder();
    for (String[] local : site.rowLocals()) {
      c.addStatement("final $T $L = $L[n]", s.array(), local[0], local[1]);
    }
    return c.build();
  }

  /** Opens a loop declaring {@code j}: flat over a contiguous site, per row over a slice. */
  void elementLoop(CodeBlock.Builder c, Site site) {
    if (site.contiguous()) {
      c.beginControlFlow("for (int j = 0, end = $L * $L; j < end; j++)", site.rows(), site.width());
    } else {
      unitLoop(c, site);
    }
  }

  void endElementLoop(CodeBlock.Builder c, Site site) {
    c.endControlFlow();
    if (!site.contiguous()) {
      c.endControlFlow();
    }
  }

  /**
   * Two loops because p is per unit. Over rows: {@code j} is the column and the unit. Over a
   * slice: {@code k} is the unit and {@code j} the element.
   */
  void unitLoop(CodeBlock.Builder c, Site site) {
    c.beginControlFlow("for (int n = $L; n < $L; n++)", site.firstRow(), site.rows());
    if (!site.rowLocals().isEmpty()) {
      for (String[] local : site.rowLocals()) {
        c.addStatement("final $T $L = $L[n]", s.array(), local[0], local[1]);
      }
      c.beginControlFlow("for (int j = $L; j < $L; j++)", site.firstUnit(), site.unitEnd());
      return;
    }
    if (site.offset().equals("0")) {
      c.addStatement("final int base = n * $L", site.stride());
    } else {
      c.addStatement("final int base = n * $L + $L", site.stride(), site.offset());
    }
    c.beginControlFlow("for (int k = 0; k < $L; k++)", site.width());
    c.addStatement("final int j = base + k");
  }
}
