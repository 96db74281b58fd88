package dev.dither.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.FieldSpec;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkModel;
import javax.lang.model.element.Modifier;

/** What every layer writer shares: the network, its scalar type and the runtime's names. */
final class WriterContext {
  static final String RUNTIME = "dev.dither.runtime";
  static final ClassName PARAMETER = ClassName.get(RUNTIME, "Parameter");
  static final ClassName SCHEDULE = ClassName.get(RUNTIME, "AnnealingSchedule");
  static final ClassName SCHEDULES = ClassName.get(RUNTIME, "AnnealingSchedules");
  static final ClassName RANDOM = ClassName.get(RUNTIME, "DitherRandom");
  static final ClassName INITIALIZERS = ClassName.get(RUNTIME, "Initializers");
  /** The constant holding the number of time steps of a sequence network. */
  static final String STEPS = "STEPS";

  final NetworkModel net;
  final Scalar s;
  /** The matrix-product kernels the layers share, emitted once per width. */
  final KernelWriter kernels;
  /** The lanes of {@code threads(n)}, to which layer writers hand their blocked kernels. */
  final LaneWriter lanes;

  WriterContext(NetworkModel net) {
    this.net = net;
    this.s = new Scalar(net.precision(), net.hiddenJavaLangNames());
    this.kernels = new KernelWriter(s);
    this.lanes = new LaneWriter(s);
  }

  /** The constant naming the width of the vector {@code layer} reads. */
  String inputUnits(LayerModel layer) {
    return layer.index() == 0
        ? Names.constant(net.input().name()) + "_UNITS"
        : Names.units(net.layers().get(layer.index() - 1));
  }

  /** The width of the vector {@code layer} reads. */
  int inputWidth(LayerModel layer) {
    return layer.index() == 0 ? net.input().size() : net.layers().get(layer.index() - 1).units();
  }

  /** Whether the layer reads one row per time step. */
  boolean perStepInput(LayerModel layer) {
    return layer.index() == 0 ? net.input().isSequence() : net.layers().get(layer.index() - 1).perStepOutput();
  }

  /** Whether the layer reads an array of rows: the output of a dense layer. */
  boolean inputRows(LayerModel layer) {
    return layer.index() > 0 && net.layers().get(layer.index() - 1) instanceof dev.dither.processor.model.DenseLayerModel;
  }

  /** The number of rows a per-row layer method processes, as an expression. */
  String rows(LayerModel layer) {
    return perStepInput(layer) ? "batch * " + STEPS : "batch";
  }

  /** A Javadoc reference to the interface method that declares the layer. */
  String link(String method) {
    return "{@link " + net.interfaceName() + "#" + method + "()}";
  }

  /** A fixed {@code [rows][width]} array allocated with the model: scratch rows and weight mirrors. */
  FieldSpec rows(String name, String rows, String width, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(s.rows(), name, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $L[$L][$L]", s.name(), rows, width);
    if (doc != null) {
      f.addJavadoc(doc + "\n");
    }
    return f.build();
  }

  FieldSpec array(String name, String size, String doc) {
    FieldSpec.Builder f = FieldSpec.builder(s.array(), name, Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $L[$L]", s.name(), size);
    if (doc != null) {
      f.addJavadoc(doc + "\n");
    }
    return f.build();
  }

  FieldSpec schedule(String name, double c) {
    return FieldSpec.builder(SCHEDULE, name, Modifier.PRIVATE)
        .initializer("$T.constant($L)", SCHEDULES, c).build();
  }

  FieldSpec level(String name) {
    return FieldSpec.builder(s.type(), name, Modifier.PRIVATE)
        .addJavadoc("The noise level c of the current pass, read from the schedule once per pass.\n").build();
  }
}
