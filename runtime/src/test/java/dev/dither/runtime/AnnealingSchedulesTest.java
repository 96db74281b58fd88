package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AnnealingSchedulesTest {

  @Test
  void paperScheduleOfSection66() {
    AnnealingSchedule s = AnnealingSchedules.paper(30, 200, 0.5);
    for (long step = 0; step < 200; step++) {
      assertEquals(30.0, s.level(step), 0.0, "step " + step);
    }
    assertEquals(30 / Math.sqrt(2), s.level(200), 0.0);
    assertEquals(30 / Math.sqrt(2), s.level(399), 0.0);
    assertEquals(30 / Math.sqrt(3), s.level(400), 0.0);
    // t = 3598 is still above the floor; t = 3599 gives 30 / sqrt(3600) = 0.5 exactly.
    assertEquals(30 / Math.sqrt(3599), s.level(719_799), 0.0);
    assertTrue(s.level(719_799) > 0.5);
    assertEquals(0.5, s.level(719_800), 0.0);
    assertEquals(0.5, s.level(1_000_000_000_000L), 0.0);
    assertEquals(0.5, s.level(Long.MAX_VALUE), 0.0);
  }

  @Test
  void paperFloorCutsIn() {
    AnnealingSchedule s = AnnealingSchedules.paper(4, 10, 1);
    assertEquals(4 / Math.sqrt(15), s.level(149), 0.0); // t = 14, 1.03 > 1
    assertEquals(1.0, s.level(150), 0.0); // t = 15: 4 / 4
    assertEquals(1.0, s.level(10_000), 0.0); // 4 / sqrt(1001) < 1
  }

  @Test
  void levelsNeverIncreaseAndStayAtOrAboveTheFloor() {
    AnnealingSchedule[] schedules = {
        AnnealingSchedules.paper(30, 200, 0.5),
        AnnealingSchedules.exponential(30, 0.999, 0.5),
        AnnealingSchedules.linear(30, 0.5, 5000),
    };
    for (AnnealingSchedule s : schedules) {
      double previous = Double.POSITIVE_INFINITY;
      for (long step = 0; step < 2_000_000; step += 97) {
        double level = s.level(step);
        assertTrue(level <= previous && level >= 0.5, s + " at " + step + ": " + level);
        previous = level;
      }
    }
  }

  @Test
  void constant() {
    AnnealingSchedule s = AnnealingSchedules.constant(0.7);
    assertEquals(0.7, s.level(0));
    assertEquals(0.7, s.level(Long.MAX_VALUE));
    assertEquals(0.0, AnnealingSchedules.constant(0).level(5));
  }

  @Test
  void linearBothWays() {
    AnnealingSchedule down = AnnealingSchedules.linear(1, 0, 10);
    assertEquals(1.0, down.level(0), 0.0);
    assertEquals(0.5, down.level(5), 1e-15);
    assertEquals(0.1, down.level(9), 1e-15);
    assertEquals(0.0, down.level(10), 0.0);
    assertEquals(0.0, down.level(1_000_000), 0.0);
    AnnealingSchedule up = AnnealingSchedules.linear(0, 2, 4);
    assertEquals(0.0, up.level(0), 0.0);
    assertEquals(1.5, up.level(3), 0.0);
    assertEquals(2.0, up.level(4), 0.0);
  }

  @Test
  void exponential() {
    AnnealingSchedule s = AnnealingSchedules.exponential(2, 0.5, 0.25);
    assertEquals(2.0, s.level(0), 0.0);
    assertEquals(1.0, s.level(1), 0.0);
    assertEquals(0.5, s.level(2), 0.0);
    assertEquals(0.25, s.level(3), 0.0);
    assertEquals(0.25, s.level(100_000), 0.0);
    assertEquals(3.0, AnnealingSchedules.exponential(3, 1, 0).level(1_000), 0.0);
  }

  @Test
  void anyLambdaIsASchedule() {
    AnnealingSchedule s = step -> step < 100 ? 1.0 : 0.0;
    assertEquals(1.0, s.level(99));
    assertEquals(0.0, s.level(100));
  }

  @Test
  void readableToString() {
    assertEquals("constant(0.5)", AnnealingSchedules.constant(0.5).toString());
    assertEquals("paper(c0=30.0, k=200, floor=0.5)",
        AnnealingSchedules.paper(30, 200, 0.5).toString());
    assertEquals("linear(from=1.0, to=0.0, steps=10)",
        AnnealingSchedules.linear(1, 0, 10).toString());
    assertEquals("exponential(c0=2.0, decayPerStep=0.99, floor=0.1)",
        AnnealingSchedules.exponential(2, 0.99, 0.1).toString());
  }

  @Test
  void schedulesAreValues() {
    assertEquals(AnnealingSchedules.paper(30, 200, 0.5), AnnealingSchedules.paper(30, 200, 0.5));
    assertEquals(AnnealingSchedules.constant(1).hashCode(),
        AnnealingSchedules.constant(1).hashCode());
  }

  @Test
  void argumentsAreCheckedWithNameRangeAndValue() {
    assertMessage(() -> AnnealingSchedules.constant(-1), "c", ">= 0", "-1.0");
    assertMessage(() -> AnnealingSchedules.constant(Double.NaN), "c", ">= 0", "NaN");
    assertMessage(() -> AnnealingSchedules.constant(Double.POSITIVE_INFINITY), "c", "Infinity");
    assertMessage(() -> AnnealingSchedules.paper(-30, 200, 0.5), "c0", ">= 0", "-30.0");
    assertMessage(() -> AnnealingSchedules.paper(30, 0, 0.5), "k", ">= 1", "got 0");
    assertMessage(() -> AnnealingSchedules.paper(30, -5, 0.5), "k", ">= 1", "-5");
    assertMessage(() -> AnnealingSchedules.paper(30, 200, -0.5), "floor", "[0, 30.0]", "-0.5");
    assertMessage(() -> AnnealingSchedules.paper(30, 200, 31), "floor", "[0, 30.0]", "31.0");
    assertMessage(() -> AnnealingSchedules.paper(30, 200, Double.NaN), "floor", "NaN");
    assertMessage(() -> AnnealingSchedules.linear(-1, 0, 10), "from", ">= 0", "-1.0");
    assertMessage(() -> AnnealingSchedules.linear(1, Double.NaN, 10), "to", "NaN");
    assertMessage(() -> AnnealingSchedules.linear(1, 0, 0), "steps", ">= 1", "0");
    assertMessage(() -> AnnealingSchedules.exponential(1, 1.5, 0), "decayPerStep", "(0, 1]",
        "1.5");
    assertMessage(() -> AnnealingSchedules.exponential(1, 0, 0), "decayPerStep", "(0, 1]");
    assertMessage(() -> AnnealingSchedules.exponential(1, 0.9, 2), "floor", "[0, 1.0]", "2.0");
    assertMessage(() -> AnnealingSchedules.paper(30, 200, 0.5).level(-1), "step", ">= 0", "-1");
  }

  private static void assertMessage(Executable e, String... fragments) {
    String message = assertThrows(IllegalArgumentException.class, e).getMessage();
    for (String f : fragments) {
      assertTrue(message.contains(f), "'" + message + "' should mention " + f);
    }
  }
}
