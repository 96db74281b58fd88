package dev.dither.samples.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.Optimizers;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A training step and an inference call of generated code allocate nothing once warm. The JIT
 * may allocate a few bytes on the calling thread while it compiles, so each check measures
 * several windows of many calls and requires one window at exactly zero bytes: an allocation
 * in the step itself would show in every window.
 */
class AllocationTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  @Test
  void trainingStepAllocatesNothingAfterWarmUp() {
    NoisyParityModel model = new NoisyParityModel(3)
        .optimizer(Optimizers.adam(1e-3))
        .gradientClipping(5)
        .noiseSchedule(AnnealingSchedules.paper(30, 10, 0.5));
    float[] x = new float[32 * Parity.BITS];
    for (int i = 0; i < x.length; i++) {
      x[i] = i % 3 == 0 ? 1f : -1f;
    }
    int[] labels = new int[32];
    for (int n = 0; n < 32; n++) {
      labels[n] = n % 2;
    }
    List<Long> windows = measure(() -> model.trainStep(x, labels));
    assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
        "bytes allocated per window of 500 training steps: " + windows);
  }

  @Test
  void inferenceAllocatesNothingAfterWarmUp() {
    SaturatedParityModel model = new SaturatedParityModel(3);
    float[] x = new float[Parity.BITS];
    float[] out = new float[2];
    int[] classes = new int[1];
    List<Long> windows = measure(() -> {
      model.infer(x, out);
      model.classify(x, classes);
    });
    assertEquals(0L, windows.stream().mapToLong(Long::longValue).min().getAsLong(),
        "bytes allocated per window of 500 inference calls: " + windows);
  }

  private static List<Long> measure(Runnable call) {
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < 3000; i++) {
      call.run();
    }
    List<Long> windows = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      long before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < 500; i++) {
        call.run();
      }
      windows.add(THREADS.getThreadAllocatedBytes(thread) - before);
    }
    return windows;
  }
}
