package dev.dither.processor.writer;

import com.palantir.javapoet.MethodSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the two hooks that let replicas of a network share one training step
 * ({@code GeneratedModel#applyGradients}, {@code GeneratedModel#position}): a replica is
 * positioned at the step and at the running index of the first example of its slice, so that its
 * {@code gradients(...)} call draws exactly the noise that a single process would give those
 * examples; the gradients of all slices are summed elsewhere and applied once.
 *
 * <p>{@code gradients(...)} itself leaves both counters alone, which is what makes positioning
 * work: only {@code trainStep} and {@code applyGradients} advance them.
 */
final class DataParallelWriter {
  private final Scalar s;

  DataParallelWriter(Scalar s) {
    this.s = s;
  }

  /**
   * The members to add to the generated class; they use its optimizer and counters, so they are
   * entry points like {@code trainStep} (see {@link EntryPointWriter}).
   */
  List<MethodSpec> methods() {
    return List.of(EntryPointWriter.guarded(applyGradients()), EntryPointWriter.guarded(position()));
  }

  private MethodSpec applyGradients() {
    return MethodSpec.methodBuilder("applyGradients")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("The second half of {@code trainStep}: clips (if set) and applies the optimizer to the gradients\n"
            + "held in {@link #parameters()}, e.g. the sum of several replicas' slices, then counts one step and\n"
            + "{@code examples} examples. {@code gradients(...)} followed by {@code applyGradients(batch)} is\n"
            + "exactly {@code trainStep}. (Data-parallel hooks, see DataParallelWriter.)\n")
        .addParameter(int.class, "examples")
        .beginControlFlow("if (examples < 0)")
        .addStatement("throw new " + s.lang("IllegalArgumentException") + "(NETWORK + $S + examples)",
            ": applyGradients needs the number of examples the gradients cover (>= 0), got ")
        .endControlFlow()
        .addStatement("if (maxGradientNorm > 0) parameters.clipGradientNorm(maxGradientNorm)")
        .addStatement("optimizer.step(parameters)")
        .addStatement("steps++")
        .addStatement("examplesSeen += examples")
        .build();
  }

  private MethodSpec position() {
    return MethodSpec.methodBuilder("position")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc("Sets the training counters: {@code steps} drives the annealing schedules, {@code examplesSeen}\n"
            + "addresses the noise of the next example. A replica computing the slice of a global batch that\n"
            + "starts at running example {@code e} of step {@code t} calls {@code position(t, e)}.\n")
        .addParameter(long.class, "steps")
        .addParameter(long.class, "examplesSeen")
        .beginControlFlow("if (steps < 0 || examplesSeen < 0)")
        .addStatement("throw new " + s.lang("IllegalArgumentException") + "(NETWORK + $S + steps + $S + examplesSeen)",
            ": position needs counters >= 0, got steps = ", " and examplesSeen = ")
        .endControlFlow()
        .addStatement("this.steps = steps")
        .addStatement("this.examplesSeen = examplesSeen")
        .build();
  }
}
