package dev.dither.processor.writer;

import static dev.dither.processor.writer.NetworkPlan.CHECKS;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.NetworkModel;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.lang.model.element.Modifier;

/** The order of the passes: forward through every layer, the loss, and backward in reverse. */
final class PassWriter {
  private final NetworkPlan plan;
  private final NetworkModel net;
  private final InputModel input;
  private final Scalar s;

  PassWriter(NetworkPlan plan) {
    this.plan = plan;
    this.net = plan.net;
    this.input = plan.input();
    this.s = plan.s;
  }

  /**
   * Statements setting each noise level field from its schedule at the step count of
   * {@code owner} ({@code ""} for this model, {@code "model."} in a view), by level field.
   */
  Map<String, CodeBlock> levels(String owner) {
    Map<String, CodeBlock> levels = new LinkedHashMap<>();
    for (LayerWriter w : plan.writers) {
      for (LayerWriter.NoiseSiteFields f : w.noiseSites()) {
        String read = "$T.noiseLevel(NETWORK, $S, " + owner + "steps, " + owner + f.schedule() + ".level(" + owner
            + "steps), " + s.name().equals("float") + ")";
        levels.put(f.level(), CodeBlock.builder()
            .addStatement(f.level() + " = " + s.fromDouble(read), CHECKS, w.model().name()).build());
      }
    }
    return levels;
  }

  /**
   * {@code forward(inputs, batch, training)}: with {@code withLevels}, the model's, which first
   * reads the noise levels; without, an inference view's, which never trains.
   */
  MethodSpec forward(boolean withLevels) {
    MethodSpec.Builder forward = MethodSpec.methodBuilder("forward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("All layers in order; {@code training} draws noise, otherwise noise takes its expectation.\n")
        .addParameter(plan.inputType(), "inputs")
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("ensureCapacity(batch)");
    if (withLevels) {
      levels("").values().forEach(forward::addCode);
    }
    String x = "inputs";
    if (plan.embedding != null) {
      forward.addStatement("$LGather(inputs, batch)", input.name());
      x = plan.embedding.embedded();
    }
    for (LayerWriter w : plan.writers) {
      forward.addCode(withLevels ? w.forward(x) : w.evaluationForward(x));
      x = w.output();
    }
    return forward.build();
  }

  void passes(TypeSpec.Builder type) {
    type.addMethod(forward(true));

    type.addMethod(MethodSpec.methodBuilder("forwardLoss")
        .addModifiers(Modifier.PRIVATE)
        .returns(double.class)
        .addParameter(plan.inputType(), "inputs")
        .addParameter(plan.targetType, plan.targetName)
        .addParameter(int.class, "batch")
        .addParameter(boolean.class, "training")
        .addStatement("forward(inputs, batch, training)")
        .addStatement("return $L($L, $L, training)", LossWriter.methodName(net.loss()), plan.targetName,
            net.perStepOutput() ? "batch * " + WriterContext.STEPS : "batch")
        .build());

    MethodSpec.Builder backward = MethodSpec.methodBuilder("backward")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backpropagation from the loss gradient in $L down to every parameter gradient.\n",
            plan.outputWriter().delta())
        .addParameter(plan.inputType(), "inputs")
        .addParameter(int.class, "batch");
    for (int i = plan.writers.size() - 1; i >= 0; i--) {
      String in = i > 0 ? plan.writers.get(i - 1).output() : plan.embedding != null ? plan.embedding.embedded() : "inputs";
      backward.addCode(plan.writers.get(i).backward(in));
    }
    if (plan.embedding != null) {
      backward.addStatement("$LScatter(inputs, batch)", input.name());
    }
    type.addMethod(backward.build());
  }
}
