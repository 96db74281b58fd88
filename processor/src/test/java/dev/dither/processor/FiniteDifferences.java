package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.fail;

import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Central finite differences over every parameter of a generated model, against the gradients
 * its backward pass leaves in {@link GeneratedModel#parameters()}.
 */
final class FiniteDifferences {
  private FiniteDifferences() {}

  /** What a check saw: how many scalars, and how many had a non-zero analytic gradient. */
  record Result(int checked, Map<String, Integer> nonZeroByParameter) {
    int nonZero() {
      return nonZeroByParameter.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  /**
   * Checks d(loss)/dθ for every scalar θ. {@code gradients} runs forward and backward and returns
   * the loss; it must be deterministic (frozen noise). Frozen parameters must get no gradient.
   */
  static Result check(String name, GeneratedModel model, DoubleSupplier gradients) {
    // Snapshot every gradient first: each finite-difference evaluation overwrites them.
    gradients.getAsDouble();
    Map<String, double[]> analytic = new LinkedHashMap<>();
    for (Parameter p : model.parameters().all()) {
      double[] g = new double[p.size()];
      for (int i = 0; i < g.length; i++) {
        g[i] = p.grad(i);
      }
      analytic.put(p.name(), g);
    }
    StringBuilder failures = new StringBuilder();
    Map<String, Integer> nonZero = new LinkedHashMap<>();
    int checked = 0;
    for (Parameter p : model.parameters().all()) {
      double[] a = analytic.get(p.name());
      for (int i = 0; i < p.size(); i++) {
        double original = p.get(i);
        double h = 1e-6 * Math.max(1, Math.abs(original));
        p.set(i, original + h);
        double plus = gradients.getAsDouble();
        p.set(i, original - h);
        double minus = gradients.getAsDouble();
        p.set(i, original);
        double numeric = p.trainable() ? (plus - minus) / (2 * h) : 0;
        double tolerance = 1e-6 * Math.max(1e-3, Math.abs(numeric) + Math.abs(a[i]));
        if (Math.abs(numeric - a[i]) > tolerance) {
          failures.append(String.format("%n  %s[%d]: analytic %.10g, numeric %.10g", p.name(), i, a[i], numeric));
        }
        nonZero.merge(p.name(), a[i] != 0 ? 1 : 0, Integer::sum);
        checked++;
      }
    }
    if (failures.length() > 0) {
      fail(name + ": " + failures);
    }
    return new Result(checked, nonZero);
  }
}
