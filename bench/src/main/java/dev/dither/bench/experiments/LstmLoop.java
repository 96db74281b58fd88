package dev.dither.bench.experiments;

import dev.dither.bench.LstmNetworks;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.SequenceData;
import dev.dither.bench.SoftLstmModel;
import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.runtime.CounterNoise;
import java.util.function.IntToDoubleFunction;

/**
 * Runs one implementation's LSTM training step in a loop for a while, to be profiled, e.g. with
 * {@code java -XX:StartFlightRecording=filename=nah.jfr,settings=profile -cp
 * bench/target/benchmarks.jar dev.dither.bench.experiments.LstmLoop nah generated 1 20} and then
 * {@link JfrTopMethods}. Arguments: {@code soft|nah}, {@code generated|baseline}, batch, seconds.
 */
public final class LstmLoop {
  private LstmLoop() {}

  public static void main(String[] args) {
    String variant = args[0];
    String impl = args[1];
    int batch = Integer.parseInt(args[2]);
    double seconds = Double.parseDouble(args[3]);
    SequenceData data = new SequenceData(2016, batch);
    IntToDoubleFunction step;
    boolean nah = variant.equals("nah");
    switch (impl) {
      case "generated" -> {
        if (nah) {
          NahLstmModel m = LstmNetworks.saturate(new NahLstmModel(42)).noiseSource(new CounterNoise(7));
          step = b -> m.trainStep(data.inputs(b), data.labels(b));
        } else {
          SoftLstmModel m = LstmNetworks.saturate(new SoftLstmModel(42));
          step = b -> m.trainStep(data.inputs(b), data.labels(b));
        }
      }
      case "baseline" -> {
        HandWrittenLstm h = nah
            ? LstmNetworks.nahBaseline(LstmNetworks.saturate(new NahLstmModel(42)), 7)
            : LstmNetworks.softBaseline(LstmNetworks.saturate(new SoftLstmModel(42)));
        step = b -> h.trainStep(data.inputs(b), data.labels(b));
      }
      default -> throw new IllegalArgumentException("unknown implementation " + impl);
    }
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long start = System.nanoTime();
    double sink = 0;
    int calls = 0;
    while (System.nanoTime() < end) {
      sink += step.applyAsDouble(data.advance());
      calls++;
    }
    System.out.printf("%s %s batch %d: %d calls, %.1f us per call (mean loss %.3f)%n", variant, impl,
        batch, calls, (System.nanoTime() - start) / 1e3 / calls, sink / calls);
  }
}
