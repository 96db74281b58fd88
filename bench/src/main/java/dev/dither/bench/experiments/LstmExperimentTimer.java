package dev.dither.bench.experiments;

import dev.dither.bench.LstmNetworks;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.SequenceData;
import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.runtime.CounterNoise;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * The NAH LSTM's training step, generated against {@link NahLstmRows} (both variants) and the
 * baseline, timed round-robin in one JVM (see {@link LstmPhaseTimer#time}). Usage:
 * {@code java -cp bench/target/benchmarks.jar dev.dither.bench.experiments.LstmExperimentTimer [batch]}.
 */
public final class LstmExperimentTimer {
  private LstmExperimentTimer() {}

  public static void main(String[] args) {
    int batch = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    SequenceData data = new SequenceData(2016, batch);
    NahLstmModel generated = LstmNetworks.saturate(new NahLstmModel(42));
    HandWrittenLstm baseline = LstmNetworks.nahBaseline(generated, 7);
    NahLstmRows rows = LstmNetworks.saturate(new NahLstmRows(42, false)).noiseSource(new CounterNoise(7));
    NahLstmRows transposed = LstmNetworks.saturate(new NahLstmRows(42, true)).noiseSource(new CounterNoise(7));
    Map<String, IntToDoubleFunction> ops = new LinkedHashMap<>();
    ops.put("generated trainStep", b -> generated.trainStep(data.inputs(b), data.labels(b)));
    ops.put("rows trainStep", b -> rows.trainStep(data.inputs(b), data.labels(b)));
    ops.put("rowsTransposedRecurrent trainStep", b -> transposed.trainStep(data.inputs(b), data.labels(b)));
    ops.put("baseline trainStep", b -> baseline.trainStep(data.inputs(b), data.labels(b)));
    ops.put("generated loss (forward, eval mode)", b -> generated.loss(data.inputs(b), data.labels(b)));
    ops.put("rows loss (forward, eval mode)", b -> rows.loss(data.inputs(b), data.labels(b)));
    System.out.printf("nah, batch %d%n", batch);
    LstmPhaseTimer.time(ops, data, batch == 1 ? 20 : 2, 30, 10);
  }
}
