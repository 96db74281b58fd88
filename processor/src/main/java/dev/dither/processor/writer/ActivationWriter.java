package dev.dither.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import javax.lang.model.element.Modifier;

/**
 * Emits a layer's activation, forward and backward, with the formula inlined and its constants
 * folded: no call per unit, no branch on the variant inside the loops.
 *
 * <p>The formulas live in {@link PlainActivation} and, for the noisy hard functions and where
 * they depart from the authors' code, {@link NoisyActivation}.
 */
final class ActivationWriter {
  private final Scalar s;
  private final PlainActivation plain;
  private final NoisyActivation noisy;

  ActivationWriter(Scalar scalar) {
    this.s = scalar;
    HardFunctions hard = new HardFunctions(scalar);
    ActivationLoops loops = new ActivationLoops(scalar);
    this.plain = new PlainActivation(scalar, hard, loops);
    this.noisy = new NoisyActivation(scalar, hard, loops);
  }

  /** {@code <layer>Activate(batch[, training])}: Out (or Pre, in place) from Pre. */
  MethodSpec forward(DenseLayerModel layer, String origin, boolean perStep) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.activate(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: applies $L$L to $L.\n", origin, a.fn(),
            a.hasNoise() ? " with " + a.variant() + " noise" : "", Names.pre(layer))
        .addParameter(int.class, "batch");
    if (a.hasNoise()) {
      m.addParameter(boolean.class, "training");
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
      m.beginControlFlow("if (training)");
      m.addCode(noiseFill(layer, perStep));
      m.addCode(forwardLoop(Site.of(layer, false), true));
      m.nextControlFlow("else");
      m.addCode(forwardLoop(Site.of(layer, false), false));
      m.endControlFlow();
    } else {
      m.addCode(forwardLoop(Site.of(layer, false), false));
    }
    return m.build();
  }

  private CodeBlock noiseFill(DenseLayerModel layer, boolean perStep) {
    if (perStep) {
      // One row per time step: the noise of an example is addressed as STEPS × units.
      return CodeBlock.of("noise.fill($L, examplesSeen, batch / STEPS, STEPS * $L, $L);\n",
          layer.noiseSite(), Names.units(layer), Names.xi(layer));
    }
    return CodeBlock.of("noise.fill($L, examplesSeen, batch, $L, $L);\n", layer.noiseSite(), Names.units(layer),
        Names.xi(layer));
  }

  /**
   * {@code <layer>ActivateLanes(batch)}: the training forward activation, the noise drawn here,
   * then the rows split over the lanes ({@link #forwardRows}, lane task {@code task}).
   */
  MethodSpec forwardLanes(DenseLayerModel layer, String origin, boolean perStep, int task) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name() + "ActivateLanes")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: applies $L$L to $L in training, over the lanes.\n", origin, a.fn(),
            a.hasNoise() ? " with " + a.variant() + " noise" : "", Names.pre(layer))
        .addParameter(int.class, "batch");
    if (a.hasNoise()) {
      m.addCode(noiseFill(layer, perStep));
    }
    return m.addStatement("parallel($L, batch)", task).build();
  }

  /**
   * {@code <layer>ActivateBackward(batch)}: turns Delta from dL/d(out) into dL/dz in place, over
   * the lanes ({@link #backwardRows}, lane task {@code task}).
   */
  MethodSpec backward(DenseLayerModel layer, String origin, int task) {
    ActivationModel a = layer.activation();
    String total = a.trainsP() ? Names.units(layer) : "batch";
    return MethodSpec.methodBuilder(Names.activateBackward(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: multiplies $L by the derivative of $L$L$L, over the lanes.\n", origin, Names.delta(layer),
            a.fn(), a.hasNoise() ? " with " + a.variant() + " noise (sample held constant)" : "",
            a.trainsP() ? " and accumulates " + Names.pGrad(layer) : "")
        .addParameter(int.class, "batch")
        .addStatement("laneBatch = batch")
        .beginControlFlow("if (batch < $L)", DenseKernelWriter.MIN_BATCH)
        .addComment("Too small to split.")
        .addStatement("lane.run($L, 0, $L)", task, total)
        .nextControlFlow("else")
        .addStatement("parallel($L, $L)", task, total)
        .endControlFlow()
        .build();
  }

  /**
   * {@code <layer>ActivateRows(from, to)}, a lane's share of the training forward pass: rows
   * [from, to) of Out from Pre; the caller has drawn the noise of every row.
   */
  MethodSpec forwardRows(DenseLayerModel layer) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name() + "ActivateRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Rows [from, to) of $L with $L$L, training.\n", Names.out(layer), a.fn(),
            a.hasNoise() ? " and " + a.variant() + " noise" : "")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to");
    if (a.hasNoise()) {
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
    }
    return m.addCode(forwardLoop(Site.of(layer, false).rows("from", "to"), a.hasNoise())).build();
  }

  /**
   * {@code <layer>ActivateBackwardRows(batch, from, to)}, a lane's share of the backward pass:
   * units [from, to) of every row when p is trained (so each p gradient sums its rows in order on
   * one lane), else rows [from, to).
   */
  MethodSpec backwardRows(DenseLayerModel layer) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.name() + "ActivateBackwardRows")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L [from, to) of $L times the derivative of $L.\n", a.trainsP() ? "Units" : "Rows",
            Names.delta(layer), a.fn())
        .addParameter(int.class, "batch")
        .addParameter(int.class, "from")
        .addParameter(int.class, "to");
    if (a.hasNoise()) {
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
    }
    Site site = Site.of(layer, true);
    if (a.trainsP()) {
      m.addStatement("$T.fill($L, from, to, $L)", java.util.Arrays.class, Names.pGrad(layer), s.lit(0));
      site = site.units("from", "to");
    } else {
      site = site.rows("from", "to");
    }
    return m.addCode(backwardLoop(site)).build();
  }

  /**
   * The forward loop over {@code site}: {@code out} from {@code pre} (and {@code xi} when
   * training with noise). The caller fills {@code xi}.
   */
  CodeBlock forwardLoop(Site site, boolean training) {
    return site.activation().hasNoise() ? noisy.forward(site, training) : plain.forward(site);
  }

  /**
   * The backward loop over {@code site}: {@code delta} from dL/d(out) to dL/d(pre) in place,
   * accumulating p's gradient. The caller zeroes the p gradient.
   */
  CodeBlock backwardLoop(Site site) {
    return site.activation().hasNoise() ? noisy.backward(site) : plain.backward(site);
  }
}
