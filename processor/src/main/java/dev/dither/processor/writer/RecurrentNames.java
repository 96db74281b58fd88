package dev.dither.processor.writer;

import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.Cell;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.util.Locale;

/**
 * The member names of one recurrent layer, shared by its declaration, forward and backward
 * writers: {@code rnn} gives {@code rnnWeightIh}, {@code rnnPre}, {@code rnnStep()}, ...
 */
final class RecurrentNames {
  final RecurrentLayerModel l;
  final String n;
  /** The Javadoc reference to the annotation that produced the layer. */
  final String origin;
  private final WriterContext ctx;

  RecurrentNames(WriterContext ctx, RecurrentLayerModel layer) {
    this.ctx = ctx;
    this.l = layer;
    this.n = layer.name();
    this.origin = "{@code @" + (layer.cell() == Cell.LSTM ? "Lstm" : "Gru") + "(" + layer.units() + ")} on "
        + ctx.link(layer.name());
  }

  boolean lstm() { return l.cell() == Cell.LSTM; }

  /** A private method of the layer; {@code $L} in {@code doc} stands for {@link #origin}. */
  com.palantir.javapoet.MethodSpec.Builder method(String suffix, String doc) {
    return com.palantir.javapoet.MethodSpec.methodBuilder(m(suffix))
        .addModifiers(javax.lang.model.element.Modifier.PRIVATE)
        .addJavadoc(doc.replace("$L", "$1L") + "\n", origin);
  }
  String m(String suffix) { return n + suffix; }
  String units() { return Names.units(l); }
  String gates() { return Names.constant(n) + "_GATES"; }
  String in() { return ctx.inputUnits(l); }
  int inWidth() { return ctx.inputWidth(l); }
  String grad(String name) { return name + "Grad"; }

  // Parameters.
  String wIh() { return m("WeightIh"); }
  String wHh() { return m("WeightHh"); }
  String bIh() { return m("BiasIh"); }
  String bHh() { return m("BiasHh"); }
  String pGates() { return m("PGates"); }
  String pCell() { return m("PCell"); }

  // Row mirrors and scratch rows of the matrix products.
  String wIhRows() { return m("WeightIhRows"); }
  String wHhRows() { return m("WeightHhRows"); }
  String wHhT() { return m("WeightHhT"); }
  String wIhT() { return m("WeightIhT"); }
  String gIhRows() { return m("WeightIhGradRows"); }
  String gHhRows() { return m("WeightHhGradRows"); }
  String acc() { return m("Acc"); }
  String deltaRows() { return m("DeltaRows"); }
  String dhRows() { return m("DhRows"); }
  String dxRows() { return m("DxRows"); }

  // Per-batch buffers.
  String pre() { return m("Pre"); }
  String act() { return m("Act"); }
  String xiGates() { return m("XiGates"); }
  String cell() { return m("Cell"); }
  String cellAct() { return m("CellAct"); }
  String xiCell() { return m("XiCell"); }
  String hidden() { return m("Hidden"); }
  String hiddenN() { return m("HiddenN"); }
  String gh() { return m("Gh"); }
  String out() { return m("Out"); }
  String h0() { return m("H0"); }
  String c0() { return m("C0"); }
  String delta() { return m("Delta"); }
  String dGates() { return m("DGates"); }
  String dCell() { return m("DCell"); }
  String dGh() { return m("DGh"); }
  String dhNext() { return m("DhNext"); }
  String dcNext() { return m("DcNext"); }
  /** The gradient at the recurrent pre-activations h_{t-1} W_hh + b_hh of every step. */
  String recurrentDelta() { return lstm() ? dGates() : dGh(); }

  String siteName(GateSite site) {
    String g = site.gate().name().toLowerCase(Locale.ROOT);
    return Character.toUpperCase(g.charAt(0)) + g.substring(1);
  }

  String schedule(GateSite site) { return m(siteName(site) + "Schedule"); }
  String level(GateSite site) { return m(siteName(site) + "Level"); }

  /** The constant expression of block {@code b}'s first unit, e.g. {@code 2 * LSTM_UNITS}. */
  String blockOffset(int b) {
    return b == 0 ? "0" : b == 1 ? units() : b + " * " + units();
  }

  Site gateSite(GateSite site) {
    return Site.slice(site.activation(), pre(), act(), dGates(), xiGates(), pGates(), grad(pGates()),
        blockOffset(site.block()), level(site), "batch", "STEPS * " + gates(),
        site.block() == 0 ? "t * " + gates() : "t * " + gates() + " + " + blockOffset(site.block()), units());
  }

  Site cellSite() {
    GateSite site = l.cellSite();
    return Site.slice(site.activation(), cell(), cellAct(), dCell(), xiCell(), pCell(), grad(pCell()),
        "0", level(site), "batch", "STEPS * " + units(), "t * " + units(), units());
  }
}
