package dev.dither.runtime;

/**
 * Ready-made noise-level schedules. Any lambda {@code step -> level} is a schedule too; these
 * exist so that the common ones are checked once at construction and print themselves readably
 * in training logs. The returned schedules are immutable values (equal when their arguments
 * are) and reject negative steps.
 */
public final class AnnealingSchedules {
  private AnnealingSchedules() {}

  /** The level {@code c} at every step: the paper's experiments without annealing. */
  public static AnnealingSchedule constant(double c) {
    return new Constant(level("constant", "c", c));
  }

  /**
   * The annealing of Gulcehre et al. 2016 ("Noisy Activation Functions", sec. 6.6):
   * {@code c0 / sqrt(1 + t)} with {@code t = floor(step / k)}, never below {@code floor}. The
   * paper starts at c = 30, increments t every 200 minibatch updates and stops at 0.5, which is
   * {@code paper(30, 200, 0.5)}; its level reaches 0.5 exactly at t = 3599 (step 719 800).
   *
   * @param k minibatch updates per increment of t, at least 1
   * @param floor the level annealing stops at, in {@code [0, c0]}
   */
  public static AnnealingSchedule paper(double c0, long k, double floor) {
    level("paper", "c0", c0);
    if (k <= 0) {
      throw new IllegalArgumentException("paper: k (steps per increment of t) must be >= 1, got "
          + k);
    }
    return new Paper(c0, k, floorAtMost("paper", floor, c0));
  }

  /**
   * {@code from} at step 0, moving linearly to {@code to} at step {@code steps}, then
   * {@code to}. Either direction is allowed, so this also warms the noise up.
   */
  public static AnnealingSchedule linear(double from, double to, long steps) {
    level("linear", "from", from);
    level("linear", "to", to);
    if (steps <= 0) {
      throw new IllegalArgumentException("linear: steps must be >= 1, got " + steps);
    }
    return new Linear(from, to, steps);
  }

  /**
   * {@code c0 * decayPerStep^step}, never below {@code floor}.
   *
   * @param decayPerStep in {@code (0, 1]}
   * @param floor in {@code [0, c0]}; with 0 the level only approaches 0
   */
  public static AnnealingSchedule exponential(double c0, double decayPerStep, double floor) {
    level("exponential", "c0", c0);
    if (!(decayPerStep > 0 && decayPerStep <= 1)) {
      throw new IllegalArgumentException("exponential: decayPerStep must be in (0, 1], got "
          + decayPerStep);
    }
    return new Exponential(c0, decayPerStep, floorAtMost("exponential", floor, c0));
  }

  private static double level(String schedule, String name, double value) {
    if (!(value >= 0) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(schedule + ": " + name
          + " (a noise level) must be finite and >= 0, got " + value);
    }
    return value;
  }

  private static double floorAtMost(String schedule, double floor, double c0) {
    if (!(floor >= 0 && floor <= c0)) {
      throw new IllegalArgumentException(schedule + ": floor must be in [0, c0] = [0, " + c0
          + "], got " + floor);
    }
    return floor;
  }

  private static long checkStep(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    return step;
  }

  private record Constant(double c) implements AnnealingSchedule {
    @Override
    public double level(long step) {
      checkStep(step);
      return c;
    }

    @Override
    public String toString() {
      return "constant(" + c + ")";
    }
  }

  private record Paper(double c0, long k, double floor) implements AnnealingSchedule {
    @Override
    public double level(long step) {
      long t = checkStep(step) / k;
      return Math.max(floor, c0 / Math.sqrt(1.0 + t));
    }

    @Override
    public String toString() {
      return "paper(c0=" + c0 + ", k=" + k + ", floor=" + floor + ")";
    }
  }

  private record Linear(double from, double to, long steps) implements AnnealingSchedule {
    @Override
    public double level(long step) {
      if (checkStep(step) >= steps) {
        return to;
      }
      return from + (to - from) * ((double) step / steps);
    }

    @Override
    public String toString() {
      return "linear(from=" + from + ", to=" + to + ", steps=" + steps + ")";
    }
  }

  private record Exponential(double c0, double decayPerStep, double floor)
      implements AnnealingSchedule {
    @Override
    public double level(long step) {
      return Math.max(floor, c0 * Math.pow(decayPerStep, checkStep(step)));
    }

    @Override
    public String toString() {
      return "exponential(c0=" + c0 + ", decayPerStep=" + decayPerStep + ", floor=" + floor + ")";
    }
  }
}
