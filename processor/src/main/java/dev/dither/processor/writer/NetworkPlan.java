package dev.dither.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.dither.Loss;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the parts of one generated network class share: the model, the generated class's name, the
 * writer of each layer (chained by their deltas), and the runtime types several parts refer to.
 */
final class NetworkPlan {
  static final ClassName PARAMETER_SET = ClassName.get(WriterContext.RUNTIME, "ParameterSet");
  static final ClassName OPTIMIZER = ClassName.get(WriterContext.RUNTIME, "Optimizer");
  static final ClassName OPTIMIZERS = ClassName.get(WriterContext.RUNTIME, "Optimizers");
  static final ClassName NOISE_SOURCE = ClassName.get(WriterContext.RUNTIME, "NoiseSource");
  static final ClassName COUNTER_NOISE = ClassName.get(WriterContext.RUNTIME, "CounterNoise");
  static final ClassName CHECKS = ClassName.get(WriterContext.RUNTIME, "Checks");
  static final ClassName POLICY = ClassName.get(WriterContext.RUNTIME, "NonFiniteLossPolicy");
  static final ClassName NON_FINITE = ClassName.get(WriterContext.RUNTIME, "NonFiniteLossException");

  final NetworkModel net;
  final WriterContext ctx;
  final Scalar s;
  final ClassName self;
  final EmbeddingWriter embedding;
  final List<LayerWriter> writers = new ArrayList<>();
  final String targetName;
  final TypeName targetType;
  final SliceWriter slices;
  final ServingWriter serving;

  NetworkPlan(NetworkModel network) {
    this.net = network;
    this.ctx = new WriterContext(network);
    this.s = ctx.s;
    this.self = ClassName.get(network.packageName(), network.className());
    this.embedding = network.input().isEmbedding() ? new EmbeddingWriter(ctx) : null;
    for (LayerModel layer : network.layers()) {
      String inputDelta = layer.index() > 0 ? writers.get(layer.index() - 1).delta()
          : embedding != null ? embedding.delta() : null;
      writers.add(layer instanceof DenseLayerModel d
          ? new DenseWriter(ctx, d, inputDelta)
          : new RecurrentWriter(ctx, (RecurrentLayerModel) layer, inputDelta));
    }
    boolean labels = network.loss() == Loss.SOFTMAX_CROSS_ENTROPY;
    this.targetName = labels ? "labels" : "targets";
    this.targetType = labels ? ArrayTypeName.of(int.class) : s.array();
    this.slices = new SliceWriter(inputType(), input().isEmbedding() ? "int" : s.name(), input().variableLength(),
        !recurrent().isEmpty());
    this.serving = new ServingWriter(network, s, self, inputType());
  }

  InputModel input() {
    return net.input();
  }

  List<RecurrentWriter> recurrent() {
    return writers.stream().filter(RecurrentWriter.class::isInstance).map(RecurrentWriter.class::cast).toList();
  }

  /** After a pass: hands the final recurrent states on when carrying state. */
  CodeBlock carry() {
    return recurrent().isEmpty() ? CodeBlock.of("") : CodeBlock.of("if (carryState) carryStates(batch);\n");
  }

  LayerWriter outputWriter() {
    return writers.get(writers.size() - 1);
  }

  /** Every per-batch buffer. */
  List<LayerWriter.Buffer> buffers() {
    List<LayerWriter.Buffer> all = new ArrayList<>();
    if (embedding != null) {
      all.addAll(embedding.buffers());
    }
    for (LayerWriter w : writers) {
      all.addAll(w.buffers());
    }
    return all;
  }

  /** The {@code Parameter.of...} registrations, in order. */
  List<CodeBlock> parameterEntries() {
    List<CodeBlock> entries = new ArrayList<>();
    if (embedding != null) {
      entries.add(embedding.parameter());
    }
    for (LayerWriter w : writers) {
      entries.addAll(w.parameters());
    }
    return entries;
  }

  TypeName inputType() {
    return input().isEmbedding() ? ArrayTypeName.of(int.class) : s.array();
  }
}
