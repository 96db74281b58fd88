package dev.dither.processor.writer;

import com.palantir.javapoet.FieldSpec;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkCost;
import dev.dither.processor.model.NetworkModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * The compile-time cost report of a network: public constants on the generated class and the text
 * of the javac note printed under {@code -Adither.report}. Parameters and FLOPs come from the
 * model ({@link NetworkCost}); buffer bytes from the per-batch buffers the layer writers actually
 * declare, so that the figure stays true when a writer's buffers change.
 */
final class CostReportWriter {
  private final NetworkModel net;
  private final NetworkCost cost;
  private final long bufferBytes;

  CostReportWriter(NetworkModel net, List<LayerWriter.Buffer> buffers) {
    this.net = net;
    this.cost = NetworkCost.of(net);
    Map<String, Long> constants = constants(net);
    long values = 0;
    for (LayerWriter.Buffer b : buffers) {
      long rows = b.isRows() ? evaluate(b.rowsPerExample(), constants) : 1;
      values += rows * evaluate(b.width(), constants);
    }
    this.bufferBytes = values * cost.scalarBytes();
  }

  /** Buffer bytes per example, for tests and the note. */
  long bufferBytesPerExample() {
    return bufferBytes;
  }

  List<FieldSpec> constants() {
    return List.of(
        constant("PARAMETER_COUNT", cost.parameters(), "Values in {@link #parameters()}: weights, biases and p."),
        constant("PARAMETER_BYTES", cost.parameterBytes(), "Bytes of the values in {@link #parameters()}."),
        constant("INFERENCE_FLOPS_PER_EXAMPLE", cost.inferenceFlops(),
            "FLOPs of inference for one example: matrix products, two per multiply-add."),
        constant("TRAINING_FLOPS_PER_EXAMPLE", cost.trainingFlops(),
            "FLOPs of a training step for one example: forward and backward matrix products\n"
                + "(the update, two per trainable parameter per step for plain SGD, is not included)."),
        constant("BUFFER_BYTES_PER_EXAMPLE", bufferBytes,
            "Bytes of per-batch buffers per example of the largest batch (contents, not array headers)."));
  }

  /** The text of the note, one line per layer under the totals. */
  String note() {
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "Dither cost report for %s (%s, %s):%n",
        net.interfaceName(), net.className(), net.precision()));
    text.append(String.format(Locale.ROOT,
        "  parameters %,d (%,d bytes); per example: inference %,d FLOPs, training step %,d FLOPs,"
            + " buffers %,d bytes%n",
        cost.parameters(), cost.parameterBytes(), cost.inferenceFlops(), cost.trainingFlops(), bufferBytes));
    for (NetworkCost.LayerCost l : cost.layers()) {
      text.append(String.format(Locale.ROOT, "  %s: %,d parameters, inference %,d FLOPs, training %,d FLOPs%n",
          l.name(), l.parameters(), l.inferenceFlops(), l.trainingFlops()));
    }
    return text.toString().stripTrailing();
  }

  private static FieldSpec constant(String name, long value, String doc) {
    return FieldSpec.builder(long.class, name, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc(doc + "\nFrom the compile-time cost report ({@code -Adither.report} prints it).\n")
        .initializer("$LL", value).build();
  }

  /** The values of the size constants buffer widths are written with. */
  private static Map<String, Long> constants(NetworkModel net) {
    Map<String, Long> values = new HashMap<>();
    InputModel input = net.input();
    values.put(WriterContext.STEPS, (long) input.steps());
    values.put(Names.constant(input.name()) + "_UNITS", (long) input.size());
    for (LayerModel l : net.layers()) {
      values.put(Names.units(l), (long) l.units());
      if (l instanceof RecurrentLayerModel r) {
        values.put(Names.constant(l.name()) + "_GATES", (long) r.gateWidth());
      }
    }
    return values;
  }

  /**
   * The value of a size expression as the writers build them: a sum of products of integer
   * literals and size constants. Anything else is a writer change this report must learn about.
   */
  static long evaluate(String expression, Map<String, Long> constants) {
    long sum = 0;
    for (String term : expression.split("\\+")) {
      long product = 1;
      for (String factor : term.split("\\*")) {
        String f = factor.strip();
        Long value = f.chars().allMatch(Character::isDigit) && !f.isEmpty() ? Long.valueOf(f) : constants.get(f);
        if (value == null) {
          throw new IllegalStateException("cost report: cannot size buffer expression '" + expression + "'");
        }
        product *= value;
      }
      sum += product;
    }
    return sum;
  }
}
