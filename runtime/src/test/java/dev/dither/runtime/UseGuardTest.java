package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ConcurrentModificationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class UseGuardTest {

  @Test
  void aSecondThreadInsideFailsWithBothEntriesNamed() throws Exception {
    UseGuard guard = new UseGuard("Net", "model");
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread owner = new Thread(() -> {
      guard.enter("trainStep");
      inside.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        guard.exit();
      }
    }, "first");
    owner.start();
    inside.await();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread second = new Thread(() -> {
      try {
        guard.enter("infer");
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "second");
    second.start();
    second.join();
    release.countDown();
    owner.join();
    Throwable e = failure.get();
    assertTrue(e instanceof ConcurrentModificationException, String.valueOf(e));
    for (String word : new String[] {"Net: infer", "thread 'second'", "thread 'first' is inside trainStep",
        "single-threaded", "inferenceView()"}) {
      assertTrue(e.getMessage().contains(word), word + " missing from " + e.getMessage());
    }
    // Sequential use from another thread, after the first left, is fine.
    Thread third = new Thread(() -> {
      guard.enter("infer");
      guard.exit();
    });
    third.start();
    third.join();
    assertDoesNotThrow(() -> guard.enter("loss"));
  }

  @Test
  void reentryFromTheSameThreadIsNamedAsSuch() {
    UseGuard guard = new UseGuard("Net", "inference view");
    guard.enter("infer");
    ConcurrentModificationException e = assertThrows(ConcurrentModificationException.class, () -> guard.enter("classify"));
    assertTrue(e.getMessage().contains("re-entrant") && e.getMessage().contains("inside infer"), e.getMessage());
    guard.exit();
    assertDoesNotThrow(() -> guard.enter("classify"));
  }
}
