package dev.dither.bench.experiments;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.MnistLikeData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The generated hard-tanh MLP and the {@link HardTanhMlpRows} variants, timed round-robin in one
 * JVM (see {@link PhaseTimer#time}), so that their ratios hold on a loaded machine. Usage:
 * {@code java -cp bench/target/benchmarks.jar dev.dither.bench.experiments.ExperimentTimer
 * train|infer batch}.
 */
public final class ExperimentTimer {
  private ExperimentTimer() {}

  public static void main(String[] args) {
    boolean train = args.length == 0 || args[0].equals("train");
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    MnistLikeData data = new MnistLikeData(2016, batch);
    float[] logits = new float[batch * MnistLikeData.CLASSES];
    HardTanhMlpModel generated = new HardTanhMlpModel(42);
    Map<String, IntToDoubleFunction> ops = new LinkedHashMap<>();
    if (train) {
      ops.put("generated", b -> generated.trainStep(data.inputs(b), data.labels(b)));
    } else {
      ops.put("generated", b -> {
        generated.infer(data.inputs(b), logits);
        return logits[0];
      });
    }
    String[] variants = {"rows", "rowsFusedSgd", "rowsTransposedPropagate",
        "rowsFusedSgdTransposedPropagate"};
    for (String variant : variants) {
      HardTanhMlpRows model = new HardTanhMlpRows(new HardTanhMlpModel(42),
          variant.contains("FusedSgd"), variant.contains("TransposedPropagate"));
      if (train) {
        ops.put(variant, b -> model.trainStep(data.inputs(b), data.labels(b)));
      } else {
        ops.put(variant, b -> {
          model.infer(data.inputs(b), logits);
          return logits[0];
        });
      }
      if (!train) {
        break;
      }
    }
    System.out.printf("%s, batch %d%n", train ? "trainStep" : "infer", batch);
    PhaseTimer.time(ops, data, Math.max(2, 200 / batch));
  }
}
