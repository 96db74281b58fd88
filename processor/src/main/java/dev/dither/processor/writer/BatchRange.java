package dev.dither.processor.writer;

import com.palantir.javapoet.MethodSpec;

/**
 * The examples a generated per-example method covers: the whole batch (the model's methods,
 * parameter {@code batch}) or a lane's share (the lane class's, parameters {@code from, to}). The
 * same writer code emits both, so a lane runs exactly the model's arithmetic on its rows.
 *
 * @param first the first example, an expression
 * @param end the example after the last, an expression
 */
record BatchRange(String first, String end, boolean lane) {
  static final BatchRange ALL = new BatchRange("0", "batch", false);
  static final BatchRange LANE = new BatchRange("from", "to", true);

  /** Declares {@code batch}, or {@code from} and {@code to}. */
  MethodSpec.Builder parameters(MethodSpec.Builder m) {
    if (lane) {
      return m.addParameter(int.class, "from").addParameter(int.class, "to");
    }
    return m.addParameter(int.class, "batch");
  }

  /** The arguments that pass this range on to another method of the same kind. */
  String arguments() {
    return lane ? "from, to" : "batch";
  }

  /** {@code for (int n = first; n < end; n++)}, for {@code beginControlFlow}. */
  String loop(String index) {
    return "for (int " + index + " = " + first + "; " + index + " < " + end + "; " + index + "++)";
  }

  /** The first row of {@code rowsPerExample}-row examples, e.g. {@code from * STEPS}. */
  String firstRow(String rowsPerExample) {
    return lane ? first + " * " + rowsPerExample : "0";
  }

  /** A site restricted to this range's rows. */
  Site rows(Site site) {
    return lane ? site.rows(first, end) : site;
  }
}
