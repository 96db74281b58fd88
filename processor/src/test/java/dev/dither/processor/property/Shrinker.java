package dev.dither.processor.property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Simplifies a failing case by replaying edited copies of its recorded choices and keeping every edit
 * after which the property still fails the same way. A replay's own record replaces the sequence
 * only if it is simpler (shorter, or as long and lexicographically smaller), so shrinking ends.
 */
final class Shrinker<T> {
  /** A generated value with the choices that produced it and how the property failed on it. */
  record Case<T>(List<Integer> choices, T value, Throwable failure) {}

  private static final int[] CHUNKS = {8, 4, 2, 1};

  private final Function<Choices, T> generate;
  private final Function<T, Throwable> failureOf;
  private final int budget;
  private final Set<List<Integer>> tried = new HashSet<>();
  private Case<T> smallest;
  private int replays;

  /** {@code failureOf} runs the property and returns its failure, or null if it held. */
  Shrinker(Function<Choices, T> generate, Function<T, Throwable> failureOf, int budget) {
    this.generate = generate;
    this.failureOf = failureOf;
    this.budget = budget;
  }

  Case<T> shrink(Case<T> failing) {
    smallest = failing;
    tried.add(failing.choices());
    boolean progress = true;
    while (progress && replays < budget) {
      progress = deleteChunks() | zeroChunks() | lowerEach();
    }
    return smallest;
  }

  int replays() {
    return replays;
  }

  private boolean deleteChunks() {
    boolean progress = false;
    for (int k : CHUNKS) {
      for (int i = smallest.choices().size() - k; i >= 0; i--) {
        if (i + k <= smallest.choices().size()) {
          List<Integer> candidate = new ArrayList<>(smallest.choices());
          candidate.subList(i, i + k).clear();
          progress |= tryReplay(candidate);
        }
      }
    }
    return progress;
  }

  private boolean zeroChunks() {
    boolean progress = false;
    for (int k : CHUNKS) {
      for (int i = 0; i + k <= smallest.choices().size(); i++) {
        List<Integer> candidate = new ArrayList<>(smallest.choices());
        Collections.fill(candidate.subList(i, i + k), 0);
        progress |= tryReplay(candidate);
      }
    }
    return progress;
  }

  /** Lowers each choice to the smallest value that still fails: 0 if it can, else by bisection. */
  private boolean lowerEach() {
    boolean progress = false;
    for (int i = 0; i < smallest.choices().size(); i++) {
      if (smallest.choices().get(i) == 0) {
        continue;
      }
      if (tryReplay(with(smallest.choices(), i, 0))) {
        progress = true;
        continue;
      }
      int passes = 0;
      int fails = smallest.choices().get(i);
      while (fails - passes > 1 && i < smallest.choices().size()) {
        int middle = (passes + fails) >>> 1;
        if (tryReplay(with(smallest.choices(), i, middle))) {
          progress = true;
          fails = middle;
        } else {
          passes = middle;
        }
      }
    }
    return progress;
  }

  private static List<Integer> with(List<Integer> choices, int i, int value) {
    List<Integer> changed = new ArrayList<>(choices);
    changed.set(i, value);
    return changed;
  }

  /** Replays {@code choices}; true if the property still failed, on a simpler record than before. */
  private boolean tryReplay(List<Integer> choices) {
    if (replays >= budget || !tried.add(choices)) {
      return false;
    }
    replays++;
    Choices replay = new Choices(choices);
    T value;
    try {
      value = generate.apply(replay);
    } catch (RuntimeException invalidChoices) {
      return false;
    }
    Throwable failure = failureOf.apply(value);
    List<Integer> drawn = replay.drawn();
    // The same kind of failure: a shrink must not wander off to a different bug.
    if (failure == null || failure.getClass() != smallest.failure().getClass() || !simpler(drawn, smallest.choices())) {
      return false;
    }
    smallest = new Case<>(drawn, value, failure);
    return true;
  }

  private static boolean simpler(List<Integer> a, List<Integer> b) {
    if (a.size() != b.size()) {
      return a.size() < b.size();
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        return a.get(i) < b.get(i);
      }
    }
    return false;
  }
}
