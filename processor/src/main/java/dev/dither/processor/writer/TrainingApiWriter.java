package dev.dither.processor.writer;

import static dev.dither.processor.writer.NetworkPlan.CHECKS;
import static dev.dither.processor.writer.NetworkPlan.NON_FINITE;
import static dev.dither.processor.writer.NetworkPlan.POLICY;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.dither.Fn;
import dev.dither.Loss;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.NetworkModel;
import javax.lang.model.element.Modifier;

/** The public training and inference entry points, and the argument checks they share. */
final class TrainingApiWriter {
  private final NetworkPlan plan;
  private final NetworkModel net;
  private final InputModel input;
  private final Scalar s;

  TrainingApiWriter(NetworkPlan plan) {
    this.plan = plan;
    this.net = plan.net;
    this.input = plan.input();
    this.s = plan.s;
  }

  /** Adds {@code inputs} (and {@code lengths} for variable-length sequences). */
  private MethodSpec.Builder withInputs(MethodSpec.Builder m) {
    m.addParameter(plan.inputType(), "inputs");
    if (input.variableLength()) {
      m.addParameter(int[].class, "lengths");
    }
    return m;
  }

  private String inputArgs() {
    return input.variableLength() ? "inputs, lengths" : "inputs";
  }

  /** Statements that check the inputs of {@code batch} examples (derived from their length) and remember the lengths. */
  private CodeBlock checkInputs() {
    CodeBlock.Builder c = CodeBlock.builder();
    if (input.isEmbedding()) {
      c.addStatement("$T.tokens(NETWORK, $S, inputs, $L)", CHECKS, input.name(), input.vocabulary());
    } else {
      c.addStatement("$T.finite(NETWORK, $S, inputs, INPUT_SIZE)", CHECKS, input.name());
    }
    if (input.variableLength()) {
      c.addStatement("$T.lengths(NETWORK, $S, lengths, batch, STEPS)", CHECKS, input.name())
          .addStatement("this.lengths = lengths");
    }
    return c.build();
  }

  private String rowsPerExample() {
    return net.perStepOutput() ? WriterContext.STEPS : "1";
  }

  void publicApi(TypeSpec.Builder type) {
    String targetDoc = net.loss() == Loss.SOFTMAX_CROSS_ENTROPY
        ? (net.perStepOutput() ? "one class index per step of each example (padded steps are ignored but must be valid)"
            : "one class index in [0, OUTPUT_SIZE) per example")
        : "OUTPUT_SIZE targets per example";
    String lengthsDoc = input.variableLength() ? "@param lengths each example's length, 1 to STEPS\n" : "";

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("trainStep")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("One training step on a mini-batch: forward with noise, backward, optional gradient\n"
            + "clipping, optimizer update. Returns the mean loss before the update.\n\n"
            + "@param inputs INPUT_SIZE $L per example, example-major\n"
            + "$L"
            + "@param $L $L\n"
            + "@throws IllegalArgumentException on wrong lengths, non-finite inputs or bad targets\n"
            + "@throws $T if the loss is not finite (parameters are then unchanged)\n",
            input.isEmbedding() ? "token ids" : "values", lengthsDoc, plan.targetName, targetDoc, NON_FINITE))
        .addParameter(plan.targetType, plan.targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), plan.targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", plan.targetName)
        .beginControlFlow("if (!" + s.lang("Double") + ".isFinite(value))")
        .addStatement("if (nonFiniteLoss == $T.THROW) throw $T.diagnose(NETWORK, steps, value, parameters, inputs)",
            POLICY, NON_FINITE)
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .endControlFlow()
        .addStatement("backward(inputs, batch)")
        .addStatement("if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm)")
        .addStatement("optimizer.step(parameters)")
        .addCode(plan.carry())
        .addStatement("steps++")
        .addStatement("examplesSeen += batch")
        .addStatement("return value")
        .build()));

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("gradients")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("Forward with noise and backward, without updating anything: the gradients are\n"
            + "left in {@link #parameters()}. The noise is that of the next training step. Returns the mean loss.\n"))
        .addParameter(plan.targetType, plan.targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), plan.targetName)
        .addStatement("final double value = forwardLoss(inputs, $L, batch, true)", plan.targetName)
        .addStatement("backward(inputs, batch)")
        .addCode(plan.carry())
        .addStatement("return value")
        .build()));

    type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("loss")
        .addModifiers(Modifier.PUBLIC)
        .returns(double.class)
        .addJavadoc("The mean loss in evaluation mode (noise replaced by its expectation); changes nothing.\n"))
        .addParameter(plan.targetType, plan.targetName)
        .addStatement("final int batch = checkBatch($L, $L)", inputArgs(), plan.targetName)
        .addStatement("return forwardLoss(inputs, $L, batch, false)", plan.targetName)
        .build()));

    String outputBuffer = plan.outputWriter().output();
    String outputUnits = Names.units(net.output());
    String perExample = net.perStepOutput() ? " * STEPS" : "";
    for (boolean training : new boolean[] {false, true}) {
      MethodSpec.Builder m = withInputs(MethodSpec.methodBuilder(training ? "sample" : "infer")
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc(training
              ? "Training-mode forward pass: like {@code infer} but with freshly drawn noise, for Monte-Carlo\n"
                  + "estimates. Consumes the noise of {@code batch} examples; changes no parameter.$L\n"
              : "Evaluation-mode forward pass (noise replaced by its expectation) writing OUTPUT_SIZE\n"
                  + "values per example into {@code outputs}$L. Allocates nothing after warm-up; a batch larger\n"
                  + "than the buffers runs in slices of them (see {@code sliceOf}).\n",
              training ? "" : net.output().activation().fn() == Fn.IDENTITY && net.loss() == Loss.SOFTMAX_CROSS_ENTROPY
                  ? " (the logits)" : ""))
          .addParameter(s.array(), "outputs")
          .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, input.name())
          .addStatement("$T.length(NETWORK, $S, batch, OUTPUT_SIZE, outputs.length)", CHECKS, net.output().name())
          .addCode(checkInputs());
      CodeBlock.Builder copy = CodeBlock.builder();
      if (training) {
        copy.addStatement("examplesSeen += rows");
      }
      copy.addStatement("for (int r = 0, n = rows$L; r < n; r++) " + s.lang("System")
          + ".arraycopy($L[r], 0, outputs, (start$L + r) * $L, $L)", perExample, outputBuffer, perExample, outputUnits,
          outputUnits);
      m.addCode(plan.slices.loop(training, copy.build()));
      type.addMethod(EntryPointWriter.guarded(m.addCode(plan.carry()).build()));
    }

    if (!input.variableLength()) {
      type.addMethod(MethodSpec.methodBuilder("infer")
          .addModifiers(Modifier.PUBLIC)
          .returns(s.array())
          .addJavadoc("Like {@link #infer($L[], $L[])}, into a new array.\n",
              input.isEmbedding() ? "int" : s.name(), s.name())
          .addParameter(plan.inputType(), "inputs")
          .addCode(EntryPointWriter.notNull("infer", "inputs"))
          .addStatement("final $T outputs = new $L[$T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE) * OUTPUT_SIZE]",
              s.array(), s.name(), CHECKS, input.name())
          .addStatement("infer(inputs, outputs)")
          .addStatement("return outputs")
          .build());
    }

    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      type.addMethod(EntryPointWriter.guarded(withInputs(MethodSpec.methodBuilder("classify")
          .addModifiers(Modifier.PUBLIC)
          .addJavadoc("Writes the most likely class of each $L (evaluation mode) into {@code classes}.\n",
              net.perStepOutput() ? "step of each example" : "example"))
          .addParameter(int[].class, "classes")
          .addStatement("final int batch = $T.batchOf(NETWORK, $S, inputs.length, INPUT_SIZE)", CHECKS, input.name())
          .addStatement("$T.length(NETWORK, $S, batch, $L, classes.length)", CHECKS, net.output().name(), rowsPerExample())
          .addCode(checkInputs())
          .addCode(plan.slices.loop(false, CodeBlock.builder()
              .beginControlFlow("for (int r = 0, n = rows$L; r < n; r++)", perExample)
              .addStatement("final $T row = $L[r]", s.array(), outputBuffer)
              .addStatement("int best = 0")
              .addStatement("for (int k = 1; k < $L; k++) if (row[k] > row[best]) best = k", outputUnits)
              .addStatement("classes[start$L + r] = best", perExample)
              .endControlFlow()
              .build()))
          .build()));
      type.addMethod(plan.serving.probabilities(withInputs(MethodSpec.methodBuilder("probabilities")), inputArgs()));
    }

    MethodSpec.Builder check = withInputs(MethodSpec.methodBuilder("checkBatch")
        .addModifiers(Modifier.PRIVATE)
        .returns(int.class))
        .addParameter(plan.targetType, plan.targetName);
    // The inputs fix the batch, so a short label array is reported as such, not as inputs of the wrong length.
    check.addStatement("final int batch = $T.inputBatch(NETWORK, $S, inputs.length, INPUT_SIZE, $S, $L.length, $L)",
        CHECKS, input.name(), plan.targetName, plan.targetName,
        net.loss() == Loss.SOFTMAX_CROSS_ENTROPY ? rowsPerExample() : "OUTPUT_SIZE");
    if (net.loss() == Loss.SOFTMAX_CROSS_ENTROPY) {
      check.addStatement("$T.targets(NETWORK, $S, $S, batch, $L, labels.length)", CHECKS, net.output().name(), "labels",
              rowsPerExample())
          .addStatement("$T.labels(NETWORK, $S, labels, $L)", CHECKS, net.output().name(), Names.units(net.output()));
    } else {
      check.addStatement("$T.targets(NETWORK, $S, $S, batch, OUTPUT_SIZE, targets.length)", CHECKS, net.output().name(),
              "targets")
          .addStatement("$T.finite(NETWORK, $S, targets, OUTPUT_SIZE)", CHECKS, net.output().name());
    }
    type.addMethod(check.addCode(checkInputs()).addStatement("return batch").build());
  }
}
