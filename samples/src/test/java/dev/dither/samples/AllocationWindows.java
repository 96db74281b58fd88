package dev.dither.samples;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes allocated by the calling thread over several windows of many calls, after a warm-up, as
 * in {@code parity.AllocationTest}: the JIT may allocate a few bytes on the calling thread while
 * it compiles, so a check requires one window at exactly zero bytes; an allocation in the call
 * itself would show in every window.
 */
public final class AllocationWindows {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private AllocationWindows() {}

  public static List<Long> measure(Runnable call, int warmUp, int windows, int callsPerWindow) {
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < warmUp; i++) {
      call.run();
    }
    List<Long> bytes = new ArrayList<>();
    for (int w = 0; w < windows; w++) {
      long before = THREADS.getThreadAllocatedBytes(thread);
      for (int i = 0; i < callsPerWindow; i++) {
        call.run();
      }
      bytes.add(THREADS.getThreadAllocatedBytes(thread) - before);
    }
    return bytes;
  }

  public static long smallest(List<Long> windows) {
    return windows.stream().mapToLong(Long::longValue).min().getAsLong();
  }
}
