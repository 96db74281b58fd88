package dev.dither.samples.runner;

import dev.dither.samples.Experiments;
import java.util.List;
import java.util.Locale;

/** Numbers of a set of runs, as the reports print them: per variant and over seeds. */
public final class Reports {
  private Reports() {}

  /** The metric of every run of the variant, in seed order. */
  public static double[] metric(List<RunResult> results, String variant, String metric) {
    return results.stream().filter(r -> r.variant().equals(variant)).mapToDouble(r -> r.metric(metric)).toArray();
  }

  public static double[] seconds(List<RunResult> results, String variant) {
    return results.stream().filter(r -> r.variant().equals(variant)).mapToDouble(RunResult::seconds).toArray();
  }

  public static double mean(double[] values) {
    return values.length == 0 ? Double.NaN : Experiments.mean(values);
  }

  /** {@code "0.8812 ± 0.0021"} with the given format for each number. */
  public static String meanStd(double[] values, String format) {
    return String.format(Locale.ROOT, format + " ± " + format, mean(values), Experiments.std(values));
  }

  /** {@code "0.88, 0.89"}. */
  public static String list(double[] values, String format) {
    StringBuilder s = new StringBuilder();
    for (double v : values) {
      s.append(s.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, format, v));
    }
    return s.toString();
  }

  /** Share of the values for which {@code test} holds, as {@code "3/5"}. */
  public static String count(double[] values, java.util.function.DoublePredicate test) {
    return java.util.Arrays.stream(values).filter(test).count() + "/" + values.length;
  }
}
