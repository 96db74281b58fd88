package dev.dither.samples;

import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the experiment samples share: running independent training runs on a few threads, copying
 * initial weights between networks, and mean ± standard deviation over seeds.
 */
public final class Experiments {
  private Experiments() {}

  /**
   * Runs the tasks on {@code threads} threads and returns their results in task order. Each task
   * must own its model: generated models are not thread-safe, but independent instances are.
   */
  public static <T> List<T> runAll(List<Callable<T>> tasks, int threads) {
    if (threads <= 1) {
      List<T> results = new ArrayList<>();
      for (Callable<T> task : tasks) {
        try {
          results.add(task.call());
        } catch (Exception e) {
          throw new IllegalStateException("a training run failed", e);
        }
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(pool.submit(task));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a training run failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Copies every parameter of {@code from} into the parameter of the same name in {@code to}, so
   * that networks which differ only in their gates start from the same weights; parameters only
   * {@code to} has (the noisy sites' p) keep their own initialisation.
   */
  public static void copySharedWeights(GeneratedModel from, GeneratedModel to) {
    for (Parameter p : from.parameters().all()) {
      double[] values = new double[p.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = p.get(i);
      }
      to.parameters().get(p.name()).copyFrom(values);
    }
  }

  public static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  /** Sample standard deviation (n − 1); 0 for a single value. */
  public static double std(double[] values) {
    if (values.length < 2) {
      return 0;
    }
    double m = mean(values);
    double sum = 0;
    for (double v : values) {
      sum += (v - m) * (v - m);
    }
    return Math.sqrt(sum / (values.length - 1));
  }

  /** Standard error of the difference of two means. */
  public static double standardErrorOfDifference(double[] a, double[] b) {
    double sa = std(a);
    double sb = std(b);
    return Math.sqrt(sa * sa / a.length + sb * sb / b.length);
  }

  /** {@code "12.34 ± 0.56"}. */
  public static String meanStd(double[] values) {
    return String.format(Locale.ROOT, "%.2f ± %.2f", mean(values), std(values));
  }

  /** The annealing period k that makes the paper's 30 / sqrt(1 + floor(step / k)) reach 0.5 near the last step. */
  public static long paperPeriod(int steps) {
    return Math.max(1, Math.round(steps / 3600.0));
  }
}
