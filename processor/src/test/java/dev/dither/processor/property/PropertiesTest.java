package dev.dither.processor.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The property harness itself: reproducible cases, exact counts, and shrinking to the smallest failure. */
class PropertiesTest {
  private static final Function<Choices, List<Integer>> LISTS = c -> c.list(0, 10, e -> e.between(0, 100));

  private static void noneAboveTen(List<Integer> list) {
    assertTrue(list.stream().allMatch(x -> x <= 10), list + " holds a value above 10");
  }

  @Test
  void aListWithAValueAboveTenShrinksToEleven() {
    for (long seed = 1; seed <= 20; seed++) {
      Properties properties = new Properties(seed, 1);
      Properties.Falsified falsified = assertThrows(Properties.Falsified.class,
          () -> properties.run("no value above 10", 100, LISTS, PropertiesTest::noneAboveTen));
      assertEquals(List.of(11), falsified.smallest(), "seed " + seed);
      assertInstanceOf(AssertionError.class, falsified.getCause());
      assertTrue(falsified.getMessage().contains("-D" + Properties.SEED + "=" + seed), falsified.getMessage());
      assertTrue(falsified.getMessage().contains("to:\n[11]\nwhich fails with"), falsified.getMessage());
    }
  }

  @Test
  void shrinkingKeepsTheKindOfFailure() {
    // An empty list fails too, but differently, so it is no smaller version of this failure.
    Properties.Falsified falsified = assertThrows(Properties.Falsified.class,
        () -> new Properties(3, 1).run("no value above 10, not empty", 100, LISTS, list -> {
          if (list.isEmpty()) {
            throw new IllegalStateException("empty");
          }
          noneAboveTen(list);
        }));
    assertEquals(List.of(11), falsified.smallest());
  }

  @Test
  void aPassingPropertyRunsExactlyTheTriesTimesTheScale() {
    for (int scale : new int[] {1, 3}) {
      int[] cases = {0};
      int run = new Properties(5, scale).run("counted", 37, LISTS, list -> cases[0]++);
      assertEquals(37 * scale, cases[0]);
      assertEquals(37 * scale, run);
    }
  }

  @Test
  void theSameSeedDrawsTheSameCasesAndAScaleOnlyAddsCases() {
    List<List<Integer>> first = cases(7, 1);
    assertEquals(first, cases(7, 1));
    assertNotEquals(first, cases(8, 1));
    assertEquals(first, cases(7, 4).subList(0, first.size()));
  }

  @Test
  void replayingTheRecordedChoicesGivesTheSameValue() {
    Choices random = new Choices(new SplittableRandom(11));
    List<String> value = random.distinct(1, 3, List.of("a", "b", "c", "d"));
    assertEquals(value, new Choices(random.drawn()).distinct(1, 3, List.of("a", "b", "c", "d")));
    // Past the recorded choices every draw is 0: lists end, picks take the first option.
    assertEquals(List.of("a"), new Choices(List.of()).distinct(1, 3, List.of("a", "b", "c", "d")));
    // A choice too large for its bound becomes the largest allowed.
    assertEquals(4, new Choices(List.of(99)).between(2, 4));
  }

  private static List<List<Integer>> cases(long seed, int scale) {
    List<List<Integer>> seen = new ArrayList<>();
    new Properties(seed, scale).run("recorded", 20, LISTS, seen::add);
    return seen;
  }
}
