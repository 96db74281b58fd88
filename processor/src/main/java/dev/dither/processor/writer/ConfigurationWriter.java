package dev.dither.processor.writer;

import static dev.dither.processor.writer.NetworkPlan.NOISE_SOURCE;
import static dev.dither.processor.writer.NetworkPlan.OPTIMIZER;
import static dev.dither.processor.writer.NetworkPlan.PARAMETER_SET;
import static dev.dither.processor.writer.NetworkPlan.POLICY;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/** The fluent configuration methods: optimizer, noise, clipping, carried state and noise schedules. */
final class ConfigurationWriter {
  private final NetworkPlan plan;
  private final Scalar s;

  ConfigurationWriter(NetworkPlan plan) {
    this.plan = plan;
    this.s = plan.s;
  }

  void configuration(TypeSpec.Builder type) {
    type.addMethod(override("networkName", String.class).addStatement("return NETWORK").build());
    type.addMethod(override("inputSize", int.class).addStatement("return INPUT_SIZE").build());
    type.addMethod(override("outputSize", int.class).addStatement("return OUTPUT_SIZE").build());
    type.addMethod(override("parameters", PARAMETER_SET).addStatement("return parameters").build());
    type.addMethod(override("steps", long.class).addStatement("return steps").build());
    type.addMethod(override("examplesSeen", long.class).addStatement("return examplesSeen").build());
    type.addMethod(override("optimizer", plan.self).addParameter(OPTIMIZER, "optimizer")
        .addStatement("$T.requireNonNull(optimizer, $S).bind(this, NETWORK)", java.util.Objects.class, "optimizer")
        .addStatement("this.optimizer = optimizer")
        .addStatement("return this").build());
    type.addMethod(override("noiseSource", plan.self).addParameter(NOISE_SOURCE, "noise")
        .addStatement("this.noise = $T.requireNonNull(noise, $S)", java.util.Objects.class, "noise")
        .addStatement("return this").build());
    type.addMethod(override("gradientClipping", plan.self).addParameter(double.class, "maxNorm")
        .beginControlFlow("if (!(maxNorm >= 0) || " + s.lang("Double") + ".isInfinite(maxNorm))")
        .addStatement("throw new " + s.lang("IllegalArgumentException") + "(NETWORK + $S + maxNorm)",
            ": gradient clipping needs a finite maxNorm >= 0 (0 disables it), got ")
        .endControlFlow()
        .addStatement("this.maxGradientNorm = maxNorm")
        .addStatement("return this").build());
    type.addMethod(override("nonFiniteLoss", plan.self).addParameter(POLICY, "policy")
        .addStatement("this.nonFiniteLoss = $T.requireNonNull(policy, $S)", java.util.Objects.class, "policy")
        .addStatement("return this").build());

    if (!plan.recurrent().isEmpty()) {
      type.addMethod(MethodSpec.methodBuilder("carryState")
          .addModifiers(Modifier.PUBLIC)
          .returns(plan.self)
          .addJavadoc("Truncated backpropagation through time: with {@code carry}, every call starts from the\n"
              + "recurrent state the previous call ended in, example by example, and gradients stop at that\n"
              + "boundary. Feed consecutive windows of the same sequences with the same batch size; growing\n"
              + "the batch resets the state. Default: every call starts from zeros.\n")
          .addParameter(boolean.class, "carry")
          .addStatement("this.carryState = carry")
          .addStatement("return this")
          .build());
      MethodSpec.Builder reset = MethodSpec.methodBuilder("resetState")
          .addModifiers(Modifier.PUBLIC)
          .returns(plan.self)
          .addJavadoc("Zeroes the carried recurrent state, e.g. between independent sequences.\n");
      for (RecurrentWriter r : plan.recurrent()) {
        reset.addCode(r.resetState());
      }
      type.addMethod(EntryPointWriter.guarded(reset.addStatement("return this").build()));
      MethodSpec.Builder carryAll = MethodSpec.methodBuilder("carryStates")
          .addModifiers(Modifier.PRIVATE)
          .addParameter(int.class, "batch");
      for (RecurrentWriter r : plan.recurrent()) {
        carryAll.addStatement("$LCarry(batch)", r.model().name());
      }
      type.addMethod(carryAll.build());
    }

    List<LayerWriter> noisy = plan.writers.stream().filter(w -> !w.noiseSites().isEmpty()).toList();
    String known = noisy.isEmpty() ? "none" : noisy.stream().map(w -> w.model().name()).collect(Collectors.joining(", "));
    MethodSpec.Builder set = override("noiseSchedule", plan.self)
        .addParameter(String.class, "layer")
        .addParameter(WriterContext.SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule")
        .beginControlFlow("switch (layer)");
    MethodSpec.Builder setAll = override("noiseSchedule", plan.self)
        .addParameter(WriterContext.SCHEDULE, "schedule")
        .addStatement("$T.requireNonNull(schedule, $S)", java.util.Objects.class, "schedule");
    MethodSpec.Builder level = override("noiseLevel", double.class)
        .addParameter(String.class, "layer")
        .beginControlFlow("switch (layer)");
    for (LayerWriter w : noisy) {
      List<LayerWriter.NoiseSiteFields> sites = w.noiseSites();
      String assignments = sites.stream().map(f -> f.schedule() + " = schedule; ").collect(Collectors.joining());
      set.addStatement("case $S: $Lreturn this", w.model().name(), assignments);
      for (LayerWriter.NoiseSiteFields f : sites) {
        setAll.addStatement("$L = schedule", f.schedule());
      }
      level.addStatement("case $S: return $L.level(steps)", w.model().name(), sites.get(0).schedule());
    }
    String unknown = ": no noisy layer called '\" + layer + \"'; noisy layers: " + known;
    set.addStatement("default: throw new " + s.lang("IllegalArgumentException") + "(NETWORK + \"$L\")", unknown).endControlFlow();
    level.addStatement("default: throw new " + s.lang("IllegalArgumentException") + "(NETWORK + \"$L\")", unknown).endControlFlow();
    type.addMethod(set.build());
    type.addMethod(setAll.addStatement("return this").build());
    type.addMethod(level.build());
  }

  private static MethodSpec.Builder override(String name, Object returns) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC);
    return returns instanceof TypeName t ? m.returns(t) : m.returns((Class<?>) returns);
  }
}
