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
      if (perStep) {
        // One row per time step: the noise of an example is addressed as STEPS × units.
        m.addStatement("noise.fill($L, examplesSeen, batch / STEPS, STEPS * $L, $L)",
            layer.noiseSite(), Names.units(layer), Names.xi(layer));
      } else {
        m.addStatement("noise.fill($L, examplesSeen, batch, $L, $L)",
            layer.noiseSite(), Names.units(layer), Names.xi(layer));
      }
      m.addCode(forwardLoop(Site.of(layer, false), true));
      m.nextControlFlow("else");
      m.addCode(forwardLoop(Site.of(layer, false), false));
      m.endControlFlow();
    } else {
      m.addCode(forwardLoop(Site.of(layer, false), false));
    }
    return m.build();
  }

  /** {@code <layer>ActivateBackward(batch)}: turns Delta from dL/d(out) into dL/dz in place. */
  MethodSpec backward(DenseLayerModel layer, String origin) {
    ActivationModel a = layer.activation();
    MethodSpec.Builder m = MethodSpec.methodBuilder(Names.activateBackward(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: multiplies $L by the derivative of $L$L$L.\n", origin, Names.delta(layer),
            a.fn(), a.hasNoise() ? " with " + a.variant() + " noise (sample held constant)" : "",
            a.trainsP() ? " and accumulates " + Names.pGrad(layer) : "")
        .addParameter(int.class, "batch");
    if (a.hasNoise()) {
      m.addStatement("final $L level = $L", s.name(), Names.level(layer));
    }
    if (a.trainsP()) {
      m.addStatement("$T.fill($L, $L)", java.util.Arrays.class, Names.pGrad(layer), s.lit(0));
    }
    m.addCode(backwardLoop(Site.of(layer, true)));
    return m.build();
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
