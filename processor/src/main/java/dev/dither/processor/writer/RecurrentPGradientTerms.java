package dev.dither.processor.writer;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The gradient of a recurrent layer's trained p when BPTT is split over lanes. One thread adds
 * each element's term to p's gradient as it goes, steps from the last and examples from the
 * first; a lane that has only some examples cannot. So each lane keeps its elements' terms
 * ({@link Site#keepingPGradTerms}) in an array laid out like the site's buffer, and a second lane
 * task sums them by unit in the one-thread order, which gives the same bits.
 */
final class RecurrentPGradientTerms {
  /** The terms of one kind of site: the gate blocks, or the cell output. */
  private record Kept(String terms, String pGrad, String width, String method, String layout) {}

  private final RecurrentNames r;
  private final Scalar s;
  private final List<Kept> kept = new ArrayList<>();

  RecurrentPGradientTerms(RecurrentNames names, Scalar scalar) {
    this.r = names;
    this.s = scalar;
    RecurrentLayerModel l = names.l;
    if (l.gatesHaveP()) {
      kept.add(new Kept(gateTerms(), r.grad(r.pGates()), r.gates(), "PGatesGradient", "[batch][steps][gates]"));
    }
    if (l.cellHasP()) {
      kept.add(new Kept(r.m("PCellTerms"), r.grad(r.pCell()), r.units(), "PCellGradient", "[batch][steps][units]"));
    }
  }

  private String gateTerms() {
    return r.m("PGatesTerms");
  }

  /** {@code site} as a lane runs it: keeping its terms if it trains p. */
  Site gate(Site site, GateSite gate) {
    return gate.activation().trainsP() ? site.keepingPGradTerms(gateTerms()) : site;
  }

  /** The cell site as a lane runs it. */
  Site cell(Site site) {
    return r.l.cellSite().activation().trainsP() ? site.keepingPGradTerms(r.m("PCellTerms")) : site;
  }

  /** The arrays of terms, fields of the model grown with the batch. */
  List<FieldSpec> fields() {
    List<FieldSpec> f = new ArrayList<>();
    for (Kept k : kept) {
      f.add(FieldSpec.builder(s.array(), k.terms(), Modifier.PRIVATE)
          .addJavadoc("Each element's p-gradient term in the last BPTT over the lanes, $L.\n", k.layout()).build());
    }
    return f;
  }

  /** In {@code <layer>BackwardLanes}: grows the arrays to the batch (rarely: not per step once grown). */
  void grow(MethodSpec.Builder m) {
    for (Kept k : kept) {
      m.beginControlFlow("if ($L == null || $L.length < batch * STEPS * $L)", k.terms(), k.terms(), k.width())
          .addStatement("$L = new $L[batch * STEPS * $L]", k.terms(), s.name(), k.width())
          .endControlFlow();
    }
  }

  /** In a lane's BPTT: zeroes its examples' terms, since sites write only where Δ ≠ 0. */
  void clear(MethodSpec.Builder m) {
    for (Kept k : kept) {
      m.addStatement("$T.fill($L, from * STEPS * $L, to * STEPS * $L, $L)", java.util.Arrays.class, k.terms(), k.width(),
          k.width(), s.lit(0));
    }
  }

  /** The lane tasks' calls that sum the terms, by unit, after BPTT: {call, width}. */
  List<String[]> sumCalls() {
    List<String[]> calls = new ArrayList<>();
    for (Kept k : kept) {
      calls.add(new String[] {r.m(k.method()) + "(laneBatch, from, to)", k.width()});
    }
    return calls;
  }

  /**
   * {@code <layer>PGatesGradient} / {@code PCellGradient(batch, from, to)}: p's gradient for units
   * [from, to), the kept terms summed in the order of the one-thread BPTT.
   */
  List<MethodSpec> sums() {
    List<MethodSpec> methods = new ArrayList<>();
    for (Kept k : kept) {
      methods.add(r.method(k.method(), "$L: " + k.pGrad() + "[from, to), the sum of the kept terms in BPTT's order.")
          .addParameter(int.class, "batch")
          .addParameter(int.class, "from")
          .addParameter(int.class, "to")
          .beginControlFlow("for (int t = STEPS - 1; t >= 0; t--)")
          .beginControlFlow("for (int n = 0; n < batch; n++)")
          .addStatement("final int base = (n * STEPS + t) * $L", k.width())
          .addStatement("for (int o = from; o < to; o++) $L[o] += $L[base + o]", k.pGrad(), k.terms())
          .endControlFlow()
          .endControlFlow()
          .build());
    }
    return methods;
  }
}
