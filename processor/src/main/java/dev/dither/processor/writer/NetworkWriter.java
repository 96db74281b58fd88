package dev.dither.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.dither.processor.model.NetworkModel;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Writes the class generated for one network, in member order: the {@link NetworkHeaderWriter header}
 * (Javadoc, constants), each layer's members from its {@link LayerWriter} ({@link DenseWriter},
 * {@link RecurrentWriter}), the {@link NetworkStateWriter state}, the {@link TrainingApiWriter
 * training API}, the {@link ConfigurationWriter configuration}, the {@link PassWriter passes} and the
 * {@link LossWriter loss}. The output depends only on the model, so it is byte-for-byte reproducible
 * (no timestamps, members in declaration order).
 */
public final class NetworkWriter {
  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  private final NetworkPlan plan;
  private final LossWriter loss;
  private final CostReportWriter cost;
  private final NetworkHeaderWriter header;
  private final NetworkStateWriter state;
  private final TrainingApiWriter api;
  private final ConfigurationWriter configuration;
  private final PassWriter passes;

  public NetworkWriter(NetworkModel network) {
    this.plan = new NetworkPlan(network);
    this.loss = new LossWriter(plan.s, network.perStepOutput() && network.input().variableLength());
    this.cost = new CostReportWriter(network, plan.buffers());
    this.header = new NetworkHeaderWriter(plan);
    this.state = new NetworkStateWriter(plan);
    this.api = new TrainingApiWriter(plan);
    this.configuration = new ConfigurationWriter(plan);
    this.passes = new PassWriter(plan);
  }

  /** The compile-time cost report, as the text of a javac note. */
  public String costReport() {
    return cost.note();
  }

  /** The source file, with {@code originating} recorded for incremental builds. */
  public JavaFile write(Element originating) {
    NetworkModel net = plan.net;
    EmbeddingWriter embedding = plan.embedding;
    TypeSpec.Builder type = TypeSpec.classBuilder(plan.self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(plan.serving.trainableInterface())
        .addAnnotation(AnnotationSpec.builder(GENERATED)
            .addMember("value", "$S", "dev.dither.processor.DitherProcessor").build())
        .addJavadoc(header.classDoc())
        .alwaysQualify(net.hiddenJavaLangNames().stream().sorted().toArray(String[]::new));
    if (originating != null) {
      type.addOriginatingElement(originating);
    }
    header.constants(type);
    type.addFields(cost.constants());
    PersistenceWriter persistence = new PersistenceWriter(net,
        plan.writers.stream().flatMap(w -> w.noiseSites().stream()).toList(),
        plan.recurrent().stream().flatMap(r -> r.carried().stream()).toList());
    type.addField(persistence.description());
    if (embedding != null) {
      type.addFields(embedding.fields());
    }
    for (LayerWriter w : plan.writers) {
      type.addFields(w.fields());
    }
    state.bufferFields(type);
    state.stateFields(type);
    type.addFields(plan.slices.fields());
    type.addField(EntryPointWriter.guardField("model"));
    type.addMethod(state.constructor());
    type.addMethod(state.initialize());
    if (embedding != null) {
      type.addMethod(embedding.initializer());
    }
    for (LayerWriter w : plan.writers) {
      type.addMethod(w.initializer());
    }
    api.publicApi(type);
    type.addMethods(persistence.methods());
    configuration.configuration(type);
    type.addMethods(new DataParallelWriter(plan.s).methods());
    passes.passes(type);
    if (embedding != null) {
      type.addMethods(embedding.methods());
    }
    for (LayerWriter w : plan.writers) {
      type.addMethods(w.methods());
    }
    plan.ctx.lanes.write(type, plan.self, plan.writers);
    type.addMethod(loss.loss(net, "{@code @Network(loss = " + net.loss() + ")}"));
    type.addMethods(plan.slices.methods());
    type.addMethods(plan.ctx.kernels.methods());
    type.addMethod(state.ensureCapacity(plan.buffers()));
    InferenceViewWriter view = plan.serving.viewWriter(passes.forward(false), state::ensureCapacity, plan.buffers(),
        plan.parameterEntries(), passes.levels("model."));
    type.addMethod(EntryPointWriter.guarded(view.factory()));
    type.addType(view.view(type.build()));
    return JavaFile.builder(net.packageName(), type.build())
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }
}
