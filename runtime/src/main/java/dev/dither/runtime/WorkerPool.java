package dev.dither.runtime;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The fixed threads behind a generated model's {@code threads(n)}: created once, reused by every
 * step, with no allocation and no thread creation per {@link #run}. The calling thread works too,
 * so {@code n} threads means {@code n - 1} workers here.
 *
 * <p>A task is a range of rows (examples, or weight rows) that the generated code splits into
 * {@code n} contiguous parts. Every boundary but the last is even, so kernels that serve rows two
 * at a time see the same pairs as on one thread. Each part writes its own rows and nothing else;
 * no sum ever crosses a boundary. That, not a reduction order, is why results are bitwise
 * identical whatever the thread count.
 *
 * <p>Parts are claimed, not assigned: each thread, the caller included, takes the next unclaimed
 * part until none is left, and runs it with that part's lane (its scratch). So a worker that the
 * operating system has descheduled (a loaded machine) delays nothing it has not claimed: the
 * caller runs its parts, and a step never waits a scheduler quantum for an idle worker.
 *
 * <p>Between tasks a worker spins for {@value #SPIN_NANOS} ns (a training step issues several
 * tasks in quick succession, and waking a parked thread costs tens of microseconds), then parks.
 * Workers are daemon threads; {@link #close} ends them, and so does the owner becoming unreachable
 * (a model dropped without {@code threads(1)}, e.g. one of many in a sweep), since the workers
 * hold no reference to it.
 */
public final class WorkerPool implements AutoCloseable {
  /** One thread's share of the generated code: runs {@code task} over rows {@code [from, to)}. */
  public interface Lane {
    void run(int task, int from, int to);
  }

  static final long SPIN_NANOS = 200_000;
  /** Ends the pools of owners that became unreachable; one daemon thread, started on first use. */
  private static Cleaner cleaner;

  private final Worker[] workers;
  private final AtomicInteger unfinished = new AtomicInteger();
  private final AtomicInteger nextPart = new AtomicInteger();
  /** Bumped by {@link #run}; the volatile write publishes the task fields to the workers. */
  private volatile int generation;
  private volatile boolean closed;
  private Lane[] lanes;
  private int task;
  private int total;
  private volatile Throwable failure;
  private final Cleaner.Cleanable cleanable;

  /** A pool ended only by {@link #close}. */
  public WorkerPool(int threads, String name) {
    this(threads, name, null);
  }

  /**
   * @param threads the total number of threads, the caller's included (at least 2)
   * @param name the network's name, for the threads' names
   * @param owner the object whose collection ends the pool if {@link #close} was not called, or null
   */
  public WorkerPool(int threads, String name, Object owner) {
    if (threads < 2) {
      throw new IllegalArgumentException(name + ": a worker pool needs at least 2 threads, got " + threads);
    }
    workers = new Worker[threads - 1];
    for (int k = 0; k < workers.length; k++) {
      workers[k] = new Worker();
      Thread t = new Thread(workers[k], "dither-" + name + "-worker-" + (k + 1));
      t.setDaemon(true);
      workers[k].thread = t;
      t.start();
    }
    cleanable = owner == null ? null : cleaner().register(owner, this::shutdown);
  }

  private static synchronized Cleaner cleaner() {
    if (cleaner == null) {
      cleaner = Cleaner.create();
    }
    return cleaner;
  }

  /** The number of threads, the caller's included. */
  public int threads() {
    return workers.length + 1;
  }

  /**
   * The start of part {@code k} of {@code parts} over {@code [0, total)}: proportional, rounded
   * down to an even row, and {@code total} for {@code k == parts}.
   */
  public static int boundary(int k, int parts, int total) {
    if (k >= parts) {
      return total;
    }
    return (int) ((long) total * k / parts) & ~1;
  }

  /**
   * Runs {@code task} over {@code [0, total)} split into one part per lane, part 0 on the calling
   * thread, and returns when all parts are done. What the caller wrote before happens-before
   * every part; every part happens-before the return. A part's exception is rethrown here.
   *
   * @param lanes one per thread ({@link #threads()} of them)
   */
  public void run(Lane[] lanes, int task, int total) {
    if (closed) {
      throw new IllegalStateException("this worker pool is closed");
    }
    if (lanes.length != workers.length + 1) {
      throw new IllegalArgumentException("expected " + (workers.length + 1) + " lanes, got " + lanes.length);
    }
    this.lanes = lanes;
    this.task = task;
    this.total = total;
    // Order matters: a claim (nextPart) must see the fields and the count of this run.
    unfinished.set(lanes.length);
    nextPart.set(0);
    generation++;
    for (Worker w : workers) {
      if (w.parked) {
        LockSupport.unpark(w.thread);
      }
    }
    runParts();
    int spins = 0;
    while (unfinished.get() != 0) {
      // A worker that claimed a part may have been descheduled: give it the core.
      if (++spins > 4096) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    this.lanes = null;
    Throwable t = failure;
    if (t != null) {
      failure = null;
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  /** Claims and runs parts of the current task until none is left. */
  private void runParts() {
    int k;
    while ((k = nextPart.getAndIncrement()) < workers.length + 1) {
      Lane[] l = lanes;
      try {
        l[k].run(task, boundary(k, l.length, total), boundary(k + 1, l.length, total));
      } catch (Throwable t) {
        failure = t;
      }
      unfinished.decrementAndGet();
    }
  }

  /** Ends the worker threads; a closed pool runs nothing. Idempotent. */
  @Override
  public void close() {
    if (cleanable != null) {
      cleanable.clean();
    } else {
      shutdown();
    }
  }

  private void shutdown() {
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w.thread);
    }
  }

  private final class Worker implements Runnable {
    private Thread thread;
    private volatile boolean parked;

    @Override
    public void run() {
      int seen = 0;
      while (true) {
        int g = awaitGeneration(seen);
        if (g == seen) {
          return;
        }
        seen = g;
        runParts();
      }
    }

    /** The next generation after {@code seen}, or {@code seen} once the pool is closed. */
    private int awaitGeneration(int seen) {
      long spinUntil = System.nanoTime() + SPIN_NANOS;
      int spins = 0;
      while (true) {
        int g = generation;
        if (g != seen) {
          return g;
        }
        if (closed) {
          return seen;
        }
        if ((++spins & 63) != 0 || System.nanoTime() < spinUntil) {
          Thread.onSpinWait();
          continue;
        }
        // Dekker with run(): either run() sees parked and unparks, or this sees the new generation.
        parked = true;
        if (generation == seen && !closed) {
          LockSupport.park(this);
        }
        parked = false;
        spinUntil = System.nanoTime() + SPIN_NANOS;
      }
    }
  }
}
