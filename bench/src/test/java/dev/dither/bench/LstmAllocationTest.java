package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.runtime.CounterNoise;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarked generated LSTM training step allocates nothing once warm, at both benchmark
 * batch sizes and for both cells, on one thread and on two ({@link Allocations}).
 */
class LstmAllocationTest {

  @ParameterizedTest
  @CsvSource({"soft, 1, 1", "soft, 16, 1", "nah, 1, 1", "nah, 16, 1", "soft, 16, 2", "nah, 16, 2"})
  void trainingStepAllocatesNothingAfterWarmUp(String variant, int batch, int threads) {
    SequenceData data = new SequenceData(LstmBenchmarks.DATA_SEED, batch);
    Runnable step;
    dev.dither.runtime.GeneratedModel trained;
    if (variant.equals("nah")) {
      NahLstmModel model = LstmNetworks.saturate(new NahLstmModel(LstmBenchmarks.MODEL_SEED))
          .noiseSource(new CounterNoise(LstmBenchmarks.NOISE_SEED)).threads(threads);
      trained = model;
      step = () -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      };
    } else {
      SoftLstmModel model = LstmNetworks.saturate(new SoftLstmModel(LstmBenchmarks.MODEL_SEED)).threads(threads);
      trained = model;
      step = () -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      };
    }
    try {
      int calls = batch == 1 ? 100 : 10;
      List<Long> windows = Allocations.windows(step, calls, trained.networkName());
      assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
          "bytes allocated per window of " + calls + " training steps on " + threads + " threads: " + windows);
    } finally {
      trained.threads(1);
    }
  }
}
