package dev.dither.bench.experiments;

import dev.dither.bench.LstmNetworks;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.SequenceData;
import dev.dither.bench.SoftLstmModel;
import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The phases of the LSTM benchmark's training step, timed round-robin in one JVM as
 * {@link PhaseTimer} does for the MLP: forward ({@code loss} / {@code infer}), forward + backward
 * ({@code gradients}), the whole {@code trainStep}, and the optimizer step alone, for the
 * generated model and {@link HandWrittenLstm}. Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.dither.bench.experiments.LstmPhaseTimer soft|nah [batch]}.
 */
public final class LstmPhaseTimer {
  private LstmPhaseTimer() {}

  public static void main(String[] args) {
    String variant = args.length > 0 ? args[0] : "nah";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    SequenceData data = new SequenceData(2016, batch);
    float[] logits = new float[batch * SequenceData.CLASSES];
    Optimizer sgd = Optimizers.sgd(0.01);
    Map<String, IntToDoubleFunction> ops = new LinkedHashMap<>();
    HandWrittenLstm baseline;
    if (variant.equals("nah")) {
      NahLstmModel generated = LstmNetworks.saturate(new NahLstmModel(42));
      baseline = LstmNetworks.nahBaseline(generated, 7);
      ops.put("generated loss (forward, eval mode)", b -> generated.loss(data.inputs(b), data.labels(b)));
      ops.put("generated gradients (forward + backward)", b -> generated.gradients(data.inputs(b), data.labels(b)));
      ops.put("generated trainStep", b -> generated.trainStep(data.inputs(b), data.labels(b)));
      ops.put("generated optimizer step alone", b -> {
        sgd.step(generated.parameters());
        return 0;
      });
    } else {
      SoftLstmModel generated = LstmNetworks.saturate(new SoftLstmModel(42));
      baseline = LstmNetworks.softBaseline(generated);
      ops.put("generated loss (forward, eval mode)", b -> generated.loss(data.inputs(b), data.labels(b)));
      ops.put("generated gradients (forward + backward)", b -> generated.gradients(data.inputs(b), data.labels(b)));
      ops.put("generated trainStep", b -> generated.trainStep(data.inputs(b), data.labels(b)));
      ops.put("generated optimizer step alone", b -> {
        sgd.step(generated.parameters());
        return 0;
      });
    }
    ops.put("baseline infer (forward, eval mode)", b -> {
      baseline.infer(data.inputs(b), logits);
      return logits[0];
    });
    ops.put("baseline gradients (forward + backward)", b -> baseline.gradients(data.inputs(b), data.labels(b)));
    ops.put("baseline trainStep", b -> baseline.trainStep(data.inputs(b), data.labels(b)));
    System.out.printf("%s, batch %d%n", variant, batch);
    time(ops, data, batch == 1 ? 20 : 2, 30, 10);
  }

  /**
   * Runs every operation {@code calls} times per round, round-robin, and prints the 10th
   * percentile, median and 90th percentile over the rounds after the warm-up rounds, in
   * microseconds per call. Each call gets the next batch of {@code data}.
   */
  static void time(Map<String, IntToDoubleFunction> ops, SequenceData data, int calls, int rounds,
      int warmupRounds) {
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
