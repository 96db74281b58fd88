package dev.dither.bench.experiments;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.MnistLikeData;
import dev.dither.bench.Networks;
import dev.dither.bench.baseline.HandWrittenMlp;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The operations of {@link PhaseBenchmarks}, timed round-robin in one JVM: every round runs each
 * operation for a fixed number of calls, so a change in machine load hits all operations alike,
 * and the median over rounds is reported. Meant for a shared, loaded machine where separate JMH
 * forks see different loads. Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.dither.bench.experiments.PhaseTimer [batch]}.
 */
public final class PhaseTimer {
  private PhaseTimer() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    HardTanhMlpModel generated = new HardTanhMlpModel(42);
    HandWrittenMlp baseline = Networks.hardTanhBaseline(generated);
    Optimizer sgd = Optimizers.sgd(0.01);
    MnistLikeData data = new MnistLikeData(2016, batch);
    float[] logits = new float[batch * MnistLikeData.CLASSES];
    generated.gradients(data.inputs(0), data.labels(0));

    Map<String, IntToDoubleFunction> ops = new LinkedHashMap<>();
    ops.put("generated loss (forward)", b -> generated.loss(data.inputs(b), data.labels(b)));
    ops.put("generated gradients (forward + backward)", b -> generated.gradients(data.inputs(b), data.labels(b)));
    ops.put("generated trainStep", b -> generated.trainStep(data.inputs(b), data.labels(b)));
    ops.put("generated optimizer step alone", b -> {
      sgd.step(generated.parameters());
      return 0;
    });
    ops.put("baseline infer (forward)", b -> {
      baseline.infer(data.inputs(b), logits);
      return logits[0];
    });
    ops.put("baseline gradients (forward + backward)", b -> baseline.gradients(data.inputs(b), data.labels(b)));
    ops.put("baseline trainStep", b -> baseline.trainStep(data.inputs(b), data.labels(b)));

    System.out.printf("batch %d%n", batch);
    time(ops, data, Math.max(2, 200 / batch));
  }

  /**
   * Runs every operation {@code calls} times per round, round-robin, for 60 rounds, and prints
   * the 10th percentile, median and 90th percentile over the last 40 rounds, in microseconds
   * per call. Each call gets the next batch of {@code data}.
   */
  static void time(Map<String, IntToDoubleFunction> ops, MnistLikeData data, int calls) {
    int rounds = 60;
    int warmupRounds = 20;
    Map<String, List<Double>> times = new LinkedHashMap<>();
    double sink = 0;
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, IntToDoubleFunction> op : ops.entrySet()) {
        long start = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          sink += op.getValue().applyAsDouble(data.advance());
        }
        long end = System.nanoTime();
        if (round >= warmupRounds) {
          times.computeIfAbsent(op.getKey(), k -> new ArrayList<>()).add((end - start) / 1e3 / calls);
        }
      }
    }
    System.out.printf("%d rounds of %d calls each after %d warm-up rounds (us per call)%n",
        rounds - warmupRounds, calls, warmupRounds);
    System.out.printf("%-42s %9s %9s %9s%n", "operation", "p10", "median", "p90");
    for (Map.Entry<String, List<Double>> t : times.entrySet()) {
      List<Double> v = t.getValue();
      Collections.sort(v);
      System.out.printf("%-42s %9.1f %9.1f %9.1f%n", t.getKey(), v.get(v.size() / 10),
          v.get(v.size() / 2), v.get(v.size() * 9 / 10));
    }
    if (sink == 0.123456789) {
      System.out.println();
    }
  }
}
