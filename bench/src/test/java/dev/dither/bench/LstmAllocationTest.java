package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.runtime.CounterNoise;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The benchmarked generated LSTM training step allocates nothing once warm, at both benchmark
 * batch sizes and for both cells (JMH's gc profiler only resolves this to its own few KiB per
 * iteration). As in {@code AllocationTest}, the JIT may allocate on the calling thread while it
 * compiles, so several windows are measured and one must be exactly zero: an allocation in the
 * step itself would show in every window.
 */
class LstmAllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @ParameterizedTest
  @CsvSource({"soft, 1", "soft, 16", "nah, 1", "nah, 16"})
  void trainingStepAllocatesNothingAfterWarmUp(String variant, int batch) {
    SequenceData data = new SequenceData(LstmBenchmarks.DATA_SEED, batch);
    Runnable step;
    if (variant.equals("nah")) {
      NahLstmModel model = LstmNetworks.saturate(new NahLstmModel(LstmBenchmarks.MODEL_SEED))
          .noiseSource(new CounterNoise(LstmBenchmarks.NOISE_SEED));
      step = () -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      };
    } else {
      SoftLstmModel model = LstmNetworks.saturate(new SoftLstmModel(LstmBenchmarks.MODEL_SEED));
      step = () -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      };
    }
    int calls = batch == 1 ? 100 : 10;
    List<Long> windows = measure(step, calls);
    assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
        "bytes allocated per window of " + calls + " training steps: " + windows);
  }

  private static List<Long> measure(Runnable call, int calls) {
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 10 * calls; i++) {
      call.run();
    }
    List<Long> windows = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      long before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      windows.add(THREADS.getThreadAllocatedBytes(thread) - before);
    }
    return windows;
  }
}
