package dev.dither.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ConcurrentModificationException;

/**
 * Detects two threads inside one generated model (or one inference view) at the same time. A
 * generated instance keeps its activations, gradients and counters in fields, so concurrent
 * calls would silently mix them (parameters different from a serial run, lost steps, or an
 * index error from deep inside when batch sizes differ); this guard turns that into an immediate
 * {@link ConcurrentModificationException} in the thread that came second.
 *
 * <p>Cost: one compare-and-set on entry and one release store on exit, no allocation. The
 * guard sees overlapping calls only; handing an instance from one thread to another with proper
 * synchronisation between calls is allowed.
 */
public final class UseGuard {
  private static final VarHandle OWNER;

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(UseGuard.class, "owner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String network;
  private final String kind;
  @SuppressWarnings("unused") // written through OWNER
  private volatile Thread owner;
  /** The method the owner entered, for messages only (a racy read shows at worst an older name). */
  private String entry;

  /**
   * @param network the network's name, for messages
   * @param kind what is guarded, e.g. {@code "model"} or {@code "inference view"}
   */
  public UseGuard(String network, String kind) {
    this.network = network;
    this.kind = kind;
  }

  /** Marks the calling thread as inside {@code method}, or throws if another thread is inside. */
  public void enter(String method) {
    Thread self = Thread.currentThread();
    if (!OWNER.compareAndSet(this, (Thread) null, self)) {
      throw concurrent(method, (Thread) OWNER.getVolatile(this), self);
    }
    entry = method;
  }

  /** Leaves the call entered last; what the call wrote happens-before the next {@link #enter}. */
  public void exit() {
    OWNER.setRelease(this, (Thread) null);
  }

  private ConcurrentModificationException concurrent(String method, Thread other, Thread self) {
    String inside = other == null ? "another thread" : "thread '" + other.getName() + "'";
    if (other == self) {
      return new ConcurrentModificationException(network + ": " + method + " was called while the same thread is"
          + " still inside " + entry + " of this " + kind + " (a re-entrant call, e.g. from a schedule or noise source)");
    }
    return new ConcurrentModificationException(network + ": " + method + " was called from thread '" + self.getName()
        + "' while " + inside + " is inside " + entry + " of the same " + kind + ". A " + kind
        + " is single-threaded: serve from several threads with one inferenceView() per thread (views share the"
        + " trained weights and own their buffers), and train with one model per thread.");
  }
}
