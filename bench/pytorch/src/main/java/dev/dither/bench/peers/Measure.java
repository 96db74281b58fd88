package dev.dither.bench.peers;

import java.util.Arrays;
import java.util.List;

/**
 * Times steps in rounds on the calling thread: a warm-up, then each round runs a step for a fixed
 * wall-clock time. Results are per round, so the caller reports the median and the spread.
 */
final class Measure {
  /** One call of the code under test; returns a value that is consumed so nothing is dead code. */
  interface Step {
    double run();
  }

  /** Seconds of warm-up, seconds per round, and rounds. */
  record Settings(double warmup, double round, int rounds) {}

  /** Consumes results so that the JIT cannot drop the calls. */
  static volatile double sink;

  private Measure() {}

  /**
   * Examples per second of each step in each round ({@code [step][round]}). The steps take their
   * rounds in turn, so that on a shared machine a change of load falls on all of them alike and
   * their ratios stay meaningful.
   */
  static double[][] throughput(List<Step> steps, int examplesPerCall, Settings settings) {
    for (Step step : steps) {
      runFor(step, settings.warmup());
    }
    double[][] perRound = new double[steps.size()][settings.rounds()];
    for (int r = 0; r < settings.rounds(); r++) {
      for (int i = 0; i < steps.size(); i++) {
        perRound[i][r] = examplesPerSecond(steps.get(i), examplesPerCall, settings.round());
      }
    }
    return perRound;
  }

  private static double examplesPerSecond(Step step, int examplesPerCall, double seconds) {
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long calls = 0;
    double acc = 0;
    long now;
    do {
      acc += step.run();
      calls++;
      now = System.nanoTime();
    } while (now < end);
    sink = acc;
    return calls * examplesPerCall / ((now - start) / 1e9);
  }

  /**
   * The median and the 99th percentile of one call's time, in microseconds, of each step in each
   * round ({@code [step][round][2]}), the steps taking their rounds in turn.
   */
  static double[][][] latency(List<Step> steps, Settings settings) {
    for (Step step : steps) {
      runFor(step, settings.warmup());
    }
    double[][][] perRound = new double[steps.size()][settings.rounds()][];
    long[] times = new long[1 << 20];
    for (int r = 0; r < settings.rounds(); r++) {
      for (int i = 0; i < steps.size(); i++) {
        perRound[i][r] = percentiles(steps.get(i), settings.round(), times);
      }
    }
    return perRound;
  }

  private static double[] percentiles(Step step, double seconds, long[] times) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int n = 0;
    double acc = 0;
    long now = System.nanoTime();
    while (now < end && n < times.length) {
      long start = now;
      acc += step.run();
      now = System.nanoTime();
      times[n++] = now - start;
    }
    sink = acc;
    long[] sorted = Arrays.copyOf(times, n);
    Arrays.sort(sorted);
    return new double[] {sorted[n / 2] / 1e3, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e3};
  }

  private static void runFor(Step step, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    double acc = 0;
    do {
      acc += step.run();
    } while (System.nanoTime() < end);
    sink = acc;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Half the range of the rounds, relative to their median: the ± of the tables. */
  static double spread(double[] values) {
    double min = Arrays.stream(values).min().orElse(0);
    double max = Arrays.stream(values).max().orElse(0);
    return (max - min) / 2 / median(values);
  }
}
