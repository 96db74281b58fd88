package dev.dither.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated while a call repeats, by the calling thread and by the worker threads of a
 * model's {@code threads(n)}. The JIT may allocate on the calling thread while it compiles, so
 * several windows are measured and a test requires one to be exactly zero: an allocation in the
 * call itself would show in every window. The workers' counters are read outside the caller's
 * window, so reading them cannot count against it.
 */
final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private Allocations() {}

  /**
   * @param network the generated model's network name (its workers are {@code dither-<network>-worker-k})
   * @return the bytes of each of 6 windows of {@code calls} calls, after 10 windows of warm-up
   */
  static List<Long> windows(Runnable call, int calls, String network) {
    for (int i = 0; i < 10 * calls; i++) {
      call.run();
    }
    long[] workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("dither-" + network + "-worker-")).mapToLong(Thread::getId).toArray();
    long caller = Thread.currentThread().getId();
    List<Long> windows = new ArrayList<>();
    for (int w = 0; w < 6; w++) {
      long workersBefore = workerBytes(workers);
      long before = THREADS.getThreadAllocatedBytes(caller);
      for (int i = 0; i < calls; i++) {
        call.run();
      }
      long bytes = THREADS.getThreadAllocatedBytes(caller) - before;
      windows.add(bytes + workerBytes(workers) - workersBefore);
    }
    return windows;
  }

  private static long workerBytes(long[] workers) {
    long sum = 0;
    for (long id : workers) {
      sum += THREADS.getThreadAllocatedBytes(id);
    }
    return sum;
  }
}
