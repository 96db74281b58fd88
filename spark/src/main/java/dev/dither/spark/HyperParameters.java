package dev.dither.spark;

import dev.dither.runtime.DitherRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared search space of a sweep: each hyper-parameter has a list of values (for a grid
 * or a random search) or a range (random search only). Everything a run needs to differ by
 * (noise variant, c, α, schedule, learning rate, seed, the generated class to use) is a
 * hyper-parameter; the {@link Experiment} reads them from its {@link Configuration}.
 *
 * <pre>{@code
 * HyperParameters space = new HyperParameters()
 *     .values("variant", "none", "NAH")
 *     .values("learningRate", 1e-3, 3e-3)
 *     .values("seed", 1, 2, 3);
 * List<Configuration> grid = space.grid();              // 12 configurations
 * }</pre>
 */
public final class HyperParameters {
  private sealed interface Dimension permits Values, Range {}

  private record Values(List<String> values) implements Dimension {}

  private record Range(double low, double high, boolean logarithmic) implements Dimension {}

  private final Map<String, Dimension> dimensions = new LinkedHashMap<>();

  /** A hyper-parameter taking each of {@code values} (numbers or text, written with {@code String.valueOf}). */
  public HyperParameters values(String name, Object... values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("hyper-parameter '" + name + "' needs at least one value");
    }
    List<String> text = new ArrayList<>();
    for (Object v : values) {
      text.add(String.valueOf(v));
    }
    return add(name, new Values(List.copyOf(text)));
  }

  /** A hyper-parameter drawn uniformly from [low, high) by {@link #sample}. */
  public HyperParameters uniform(String name, double low, double high) {
    return add(name, range(name, low, high, false));
  }

  /** A hyper-parameter whose logarithm is drawn uniformly (learning rates, noise levels); low > 0. */
  public HyperParameters logUniform(String name, double low, double high) {
    if (!(low > 0)) {
      throw new IllegalArgumentException("log-uniform hyper-parameter '" + name + "' needs low > 0, got " + low);
    }
    return add(name, range(name, low, high, true));
  }

  private static Range range(String name, double low, double high, boolean log) {
    if (!(low < high) || !Double.isFinite(low) || !Double.isFinite(high)) {
      throw new IllegalArgumentException("hyper-parameter '" + name + "' needs finite low < high, got [" + low + ", " + high + ")");
    }
    return new Range(low, high, log);
  }

  private HyperParameters add(String name, Dimension d) {
    if (dimensions.putIfAbsent(name, d) != null) {
      throw new IllegalArgumentException("hyper-parameter '" + name + "' is declared twice");
    }
    return this;
  }

  /** Every combination of the values, the first declared hyper-parameter varying slowest. */
  public List<Configuration> grid() {
    List<Map<String, String>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, Dimension> e : requireDeclared().entrySet()) {
      if (!(e.getValue() instanceof Values v)) {
        throw new IllegalStateException("hyper-parameter '" + e.getKey() + "' is a range: a grid needs values (use sample)");
      }
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> point : points) {
        for (String value : v.values()) {
          Map<String, String> p = new LinkedHashMap<>(point);
          p.put(e.getKey(), value);
          next.add(p);
        }
      }
      points = next;
    }
    return points.stream().map(Configuration::new).toList();
  }

  /**
   * {@code count} configurations drawn independently from {@code seed}: a value list is chosen
   * from uniformly, a range drawn as declared. The same seed gives the same configurations.
   */
  public List<Configuration> sample(int count, long seed) {
    requireDeclared();
    DitherRandom random = new DitherRandom(seed);
    List<Configuration> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, String> point = new LinkedHashMap<>();
      for (Map.Entry<String, Dimension> e : dimensions.entrySet()) {
        point.put(e.getKey(), e.getValue() instanceof Values v
            ? v.values().get(random.nextInt(v.values().size()))
            : String.valueOf(draw((Range) e.getValue(), random)));
      }
      out.add(new Configuration(point));
    }
    return out;
  }

  private static double draw(Range r, DitherRandom random) {
    double u = random.nextDouble();
    return r.logarithmic()
        ? Math.exp(Math.log(r.low()) + (Math.log(r.high()) - Math.log(r.low())) * u)
        : r.low() + (r.high() - r.low()) * u;
  }

  private Map<String, Dimension> requireDeclared() {
    if (dimensions.isEmpty()) {
      throw new IllegalStateException("no hyper-parameter declared");
    }
    return dimensions;
  }
}
