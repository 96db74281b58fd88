package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmarked generated training step allocates nothing once warm (JMH's gc profiler only
 * resolves this to its own few KiB per iteration). The JIT may allocate on the calling thread
 * while it compiles, so several windows are measured and one must be exactly zero: an
 * allocation in the step itself would show in every window.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @ParameterizedTest
  @ValueSource(ints = {1, 32})
  void nahTrainingStepAllocatesNothingAfterWarmUp(int batch) {
    NahMlpModel model = new NahMlpModel(MlpBenchmarks.MODEL_SEED);
    MnistLikeData data = new MnistLikeData(MlpBenchmarks.DATA_SEED, batch);
    int calls = batch == 1 ? 2000 : 100;
    List<Long> windows = measure(() -> {
      int b = data.advance();
      model.trainStep(data.inputs(b), data.labels(b));
    }, calls);
    assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
        "bytes allocated per window of " + calls + " training steps: " + windows);
  }

  /**
   * On two threads neither the calling thread nor the worker allocates: the pool is created by
   * {@code threads(2)}, not per step. The worker's counter is read outside the caller's window.
   */
  @Test
  void threadedTrainingStepAllocatesNothingOnAnyThread() {
    NahMlpModel model = new NahMlpModel(MlpBenchmarks.MODEL_SEED);
    model.threads(2);
    try {
      MnistLikeData data = new MnistLikeData(MlpBenchmarks.DATA_SEED, 32);
      Runnable step = () -> {
        int b = data.advance();
        model.trainStep(data.inputs(b), data.labels(b));
      };
      long worker = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().startsWith("dither-NahMlp-worker-")).findFirst().orElseThrow().getId();
      for (int i = 0; i < 1000; i++) {
        step.run();
      }
      long thread = Thread.currentThread().getId();
      List<Long> windows = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        long workerBefore = THREADS.getThreadAllocatedBytes(worker);
        long before = THREADS.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100; i++) {
          step.run();
        }
        long caller = THREADS.getThreadAllocatedBytes(thread) - before;
        windows.add(caller + THREADS.getThreadAllocatedBytes(worker) - workerBefore);
      }
      assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
          "bytes allocated by both threads per window of 100 training steps: " + windows);
    } finally {
      model.threads(1);
    }
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
