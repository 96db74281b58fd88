package dev.dither.samples.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * One training run of one variant from one seed: its final metrics (in the order the experiment
 * reports them), its learning curve, any per-unit arrays the plots need, and its wall time.
 */
public record RunResult(String variant, long seed, Map<String, Double> metrics, List<CurvePoint> curve,
    Map<String, double[]> arrays, double seconds) {
  public RunResult {
    metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
    curve = List.copyOf(curve);
    arrays = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arrays));
  }

  public double metric(String name) {
    Double value = metrics.get(name);
    if (value == null) {
      throw new IllegalArgumentException("run " + variant + "/" + seed + " has no metric " + name + "; it has "
          + metrics.keySet());
    }
    return value;
  }

  /** One point of a learning curve: after {@code x} steps or epochs, the training loss and the evaluation accuracy. */
  public record CurvePoint(double x, double loss, double accuracy) {
    /** A curve from checkpoints that measured the test error in percent, as the sequence tasks do. */
    public static List<CurvePoint> fromErrorPercents(double[] x, IntToDoubleFunction loss, double[] errorPercent) {
      List<CurvePoint> curve = new ArrayList<>(errorPercent.length);
      for (int i = 0; i < errorPercent.length; i++) {
        curve.add(new CurvePoint(x[i], loss.applyAsDouble(i), 1 - errorPercent[i] / 100));
      }
      return curve;
    }
  }
}
