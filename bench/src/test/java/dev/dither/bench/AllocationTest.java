package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarked generated training step allocates nothing once warm (JMH's gc profiler only
 * resolves this to its own few KiB per iteration), on one thread and on two: {@code threads(2)}
 * creates its pool once, not per step, and neither thread allocates.
 */
class AllocationTest {

  @ParameterizedTest
  @CsvSource({"1, 1", "32, 1", "32, 2"})
  void nahTrainingStepAllocatesNothingAfterWarmUp(int batch, int threads) {
    NahMlpModel model = new NahMlpModel(MlpBenchmarks.MODEL_SEED).threads(threads);
    try {
      MnistLikeData data = new MnistLikeData(MlpBenchmarks.DATA_SEED, batch);
      int calls = batch == 1 ? 2000 : 100;
      List<Long> windows = Allocations.windows(() -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      }, calls, model.networkName());
      assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
          "bytes allocated per window of " + calls + " training steps on " + threads + " threads: " + windows);
    } finally {
      model.threads(1);
    }
  }
}
