package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  @Test
  void boundariesCoverEveryRowOnceAndAreEvenButTheLast() {
    for (int parts = 1; parts <= 9; parts++) {
      for (int total = 0; total <= 70; total++) {
        assertEquals(0, WorkerPool.boundary(0, parts, total));
        assertEquals(total, WorkerPool.boundary(parts, parts, total));
        for (int k = 1; k < parts; k++) {
          int b = WorkerPool.boundary(k, parts, total);
          assertEquals(0, b % 2, "boundary " + k + " of " + parts + " over " + total);
          assertTrue(b >= WorkerPool.boundary(k - 1, parts, total) && b <= total);
        }
      }
    }
  }

  /** Each lane marks its rows with its number: every row is marked once, by the lane that owns it. */
  @Test
  void everyRowRunsOnceOnItsLaneOverManyTasks() {
    int threads = 3;
    try (WorkerPool pool = new WorkerPool(threads, "test")) {
      int[] owner = new int[101];
      int[] count = new int[101];
      WorkerPool.Lane[] lanes = new WorkerPool.Lane[threads];
      for (int k = 0; k < threads; k++) {
        int lane = k;
        lanes[k] = (task, from, to) -> {
          for (int i = from; i < to; i++) {
            owner[i] = lane;
            count[i] += task;
          }
        };
      }
      for (int run = 0; run < 1000; run++) {
        pool.run(lanes, 1, owner.length);
      }
      int[] expected = new int[owner.length];
      Arrays.fill(expected, 1000);
      assertEquals(Arrays.toString(expected), Arrays.toString(count));
      for (int i = 0; i < owner.length; i++) {
        int k = owner[i];
        assertTrue(i >= WorkerPool.boundary(k, threads, owner.length) && i < WorkerPool.boundary(k + 1, threads, owner.length));
      }
    }
  }

  @Test
  void aLanesExceptionReachesTheCallerAndThePoolStaysUsable() {
    try (WorkerPool pool = new WorkerPool(2, "test")) {
      IllegalStateException boom = new IllegalStateException("boom");
      WorkerPool.Lane fine = (task, from, to) -> {};
      WorkerPool.Lane failing = (task, from, to) -> {
        if (task == 1) {
          throw boom;
        }
      };
      assertSame(boom, assertThrows(IllegalStateException.class,
          () -> pool.run(new WorkerPool.Lane[] {fine, failing}, 1, 10)));
      pool.run(new WorkerPool.Lane[] {fine, failing}, 0, 10);
    }
  }

  @Test
  void misuseIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> new WorkerPool(1, "test"));
    WorkerPool pool = new WorkerPool(2, "test");
    WorkerPool.Lane idle = (task, from, to) -> {};
    assertThrows(IllegalArgumentException.class, () -> pool.run(new WorkerPool.Lane[] {idle}, 0, 4));
    pool.close();
    pool.close();
    assertThrows(IllegalStateException.class, () -> pool.run(new WorkerPool.Lane[] {idle, idle}, 0, 4));
  }

  @Test
  void workersAreDaemonsThatEndOnClose() throws InterruptedException {
    WorkerPool pool = new WorkerPool(3, "daemons");
    Thread[] all = new Thread[Thread.activeCount() + 8];
    int n = Thread.enumerate(all);
    long workers = Arrays.stream(all, 0, n).filter(t -> t.getName().startsWith("dither-daemons-worker-")).count();
    assertEquals(2, workers);
    assertTrue(Arrays.stream(all, 0, n).filter(t -> t.getName().startsWith("dither-daemons-")).allMatch(Thread::isDaemon));
    pool.close();
    for (int i = 0; i < n; i++) {
      if (all[i].getName().startsWith("dither-daemons-worker-")) {
        all[i].join(5000);
        assertTrue(!all[i].isAlive(), all[i].getName() + " still runs after close");
      }
    }
  }

  /** A pool whose owner is collected ends its workers: they hold no reference to the owner. */
  @Test
  void anUnreachableOwnerEndsThePool() throws InterruptedException {
    new WorkerPool(2, "orphan", new Object());
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("dither-orphan-worker-1")).findFirst().orElseThrow();
    for (int i = 0; i < 100 && worker.isAlive(); i++) {
      System.gc();
      worker.join(100);
    }
    assertTrue(!worker.isAlive(), "the worker of a pool whose owner was collected still runs");
  }
}
