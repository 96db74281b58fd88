package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An optimizer's exported state, imported into a fresh optimizer, continues exactly as the
 * original: the part of exact resume that belongs to the optimizers.
 */
class OptimizerStateTest {
  @Test
  void everyAlgorithmContinuesExactlyFromItsExportedState() {
    List<Supplier<Optimizer>> kinds = List.of(
        () -> Optimizers.sgd(0.1),
        () -> Optimizers.sgd(0.1, 0.9, 0.1, 0.01, false),
        () -> Optimizers.sgd(0.1, 0.9, 0, 0, true),
        () -> Optimizers.adam(0.01),
        () -> Optimizers.adamW(0.01),
        () -> Optimizers.rmsprop(0.01),
        () -> Optimizers.rmsprop(0.01, 0.9, 1e-8, 0.01, 0.5, true));
    for (Supplier<Optimizer> kind : kinds) {
      for (boolean isDouble : new boolean[] {false, true}) {
        ParameterSet original = params(isDouble);
        Optimizer o = kind.get();
        steps(o, original, 0, 3);
        ParameterSet copy = params(isDouble);
        for (int i = 0; i < original.count(); i++) {
          for (int j = 0; j < original.get(i).size(); j++) {
            copy.get(i).set(j, original.get(i).get(j));
          }
        }
        Optimizer restored = kind.get();
        restored.importState(copy, exportSteps(o, original), exportStates(o, original));
        steps(o, original, 3, 4);
        steps(restored, copy, 3, 4);
        for (int i = 0; i < original.count(); i++) {
          for (int j = 0; j < original.get(i).size(); j++) {
            assertArrayEquals(new double[] {original.get(i).get(j)}, new double[] {copy.get(i).get(j)},
                o + (isDouble ? " double " : " float ") + original.get(i).name());
          }
        }
      }
    }
  }

  private static long[] exportSteps(Optimizer o, ParameterSet params) {
    long[] steps = new long[params.count()];
    for (int i = 0; i < steps.length; i++) {
      steps[i] = o.stepCount(i);
    }
    return steps;
  }

  private static double[][][] exportStates(Optimizer o, ParameterSet params) {
    double[][][] states = new double[params.count()][][];
    for (int i = 0; i < states.length; i++) {
      if (!params.get(i).trainable()) {
        continue;
      }
      states[i] = new double[o.stateNames().length][params.get(i).size()];
      for (int k = 0; k < states[i].length; k++) {
        o.exportState(i, k, states[i][k]);
      }
    }
    return states;
  }

  private static ParameterSet params(boolean isDouble) {
    int[][] shapes = {{2, 3}, {3}, {4}};
    Parameter[] p = new Parameter[3];
    for (int i = 0; i < 3; i++) {
      int size = shapes[i].length == 2 ? 6 : shapes[i][0];
      boolean trainable = i != 2;
      p[i] = isDouble ? Parameter.ofDoubles("p" + i, shapes[i], false, trainable, new double[size], new double[size])
          : Parameter.ofFloats("p" + i, shapes[i], false, trainable, new float[size], new float[size]);
    }
    return new ParameterSet(List.of(p));
  }

  /** Steps {@code from} to {@code to}, with gradients that depend on the step and the values. */
  private static void steps(Optimizer o, ParameterSet params, int from, int to) {
    for (int t = from; t < to; t++) {
      for (Parameter p : params.all()) {
        for (int j = 0; j < p.size(); j++) {
          double g = Math.sin(t * 7 + j) + 0.3 * p.get(j);
          if (p.isDouble()) {
            p.doubleGrads()[j] = g;
          } else {
            p.floatGrads()[j] = (float) g;
          }
        }
      }
      o.step(params);
    }
  }
}
