package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.LayerModel;
import java.util.List;

/**
 * What {@link NetworkWriter} needs from the writer of one kind of layer. The network writer owns
 * the class, the public API and the order of the passes; a layer writer owns its members.
 */
interface LayerWriter {
  LayerModel model();

  /** Parameters, their gradients, schedules and levels: everything not sized by the batch. */
  List<FieldSpec> fields();

  /** Per-batch buffers, grown by {@code ensureCapacity}. */
  List<Buffer> buffers();

  /** Whether the output and delta buffers are arrays of rows ({@code [rows][units]}) or flat. */
  boolean rowsLayout();

  /** {@code Parameter.ofFloats(...)} entries, in the order they are registered. */
  List<CodeBlock> parameters();

  /** {@code <layer>Initialize(random)}. */
  MethodSpec initializer();

  /** The layer's private methods. */
  List<MethodSpec> methods();

  /** Statements of {@code forward(inputs, batch, training)}; {@code input} names the buffer read. */
  CodeBlock forward(String input);

  /**
   * {@link #forward} for an inference view, which never trains: the same code without the
   * training-only paths, so the view need not copy them.
   */
  default CodeBlock evaluationForward(String input) {
    return forward(input);
  }

  /** Fields each lane ({@link LaneWriter}) owns: the scratch of its share of the layer's kernels. */
  default List<FieldSpec> laneFields() {
    return List.of();
  }

  /** Methods of the lane class: the layer's kernels over a range of rows. */
  default List<MethodSpec> laneMethods() {
    return List.of();
  }

  /**
   * Statements of {@code backward(inputs, batch)}: the gradient has arrived in {@link #delta()};
   * parameter gradients are computed and, when the writer was given an input delta, the
   * gradient with respect to the input is written there.
   */
  CodeBlock backward(String input);

  /** The buffer holding the layer's output. */
  String output();

  /** The buffer where the gradient with respect to the output arrives. */
  String delta();

  /** The layer's noise sites, for schedules and levels. */
  List<NoiseSiteFields> noiseSites();

  /**
   * A per-batch buffer: flat with {@code width} elements per example when {@code rowsPerExample}
   * is null, else {@code rowsPerExample} rows of {@code width} per example. A {@code noise}
   * buffer holds samples drawn in training mode only; an inference view never grows it.
   */
  record Buffer(String name, String rowsPerExample, String width, boolean noise) {
    static Buffer flat(String name, String perExample) {
      return new Buffer(name, null, perExample, false);
    }

    static Buffer rows(String name, String rowsPerExample, String width) {
      return new Buffer(name, rowsPerExample, width, false);
    }

    /** Noise samples, flat, written by training-mode passes only. */
    static Buffer noise(String name, String perExample) {
      return new Buffer(name, null, perExample, true);
    }

    boolean isRows() {
      return rowsPerExample != null;
    }
  }

  /**
   * A noisy site's name in weight files ({@code hidden}, {@code lstm.forget}), its schedule and
   * level fields and its annotated level c.
   */
  record NoiseSiteFields(String site, String schedule, String level, double c) {}
}
