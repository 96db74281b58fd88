package dev.dither.processor.property;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The source of every random decision a generator makes, drawn either from a seeded random stream
 * or replayed from a recorded sequence of choices. Every draw is one bounded int, recorded as it is
 * made, so that {@link Shrinker} can simplify any generated value by editing that sequence alone
 * (the design of Hypothesis): no generator needs to know how to shrink. Zero is always the simplest
 * choice, so generators put their simplest option first, and lists end when a replay runs out.
 */
public final class Choices {
  private final SplittableRandom random;
  private final List<Integer> replayed;
  private final List<Integer> drawn = new ArrayList<>();

  Choices(SplittableRandom random) {
    this.random = random;
    this.replayed = List.of();
  }

  /** Replays {@code choices}; past their end every draw is 0. */
  Choices(List<Integer> choices) {
    this.random = null;
    this.replayed = choices;
  }

  /** An int in [0, bound). */
  public int below(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, was " + bound);
    }
    int i = drawn.size();
    // A shrunk sequence may hold a value that was valid for an earlier, larger bound: take the largest allowed.
    int choice = random != null ? random.nextInt(bound) : i < replayed.size() ? Math.min(replayed.get(i), bound - 1) : 0;
    drawn.add(choice);
    return choice;
  }

  /** An int in [min, max]; shrinks towards min. */
  public int between(int min, int max) {
    return min + below(max - min + 1);
  }

  /** Shrinks towards false. */
  public boolean bool() {
    return below(2) == 1;
  }

  /** One of {@code options}; shrinks towards the first. */
  public <T> T pick(List<T> options) {
    return options.get(below(options.size()));
  }

  @SafeVarargs
  public final <T> T pick(T... options) {
    return pick(Arrays.asList(options));
  }

  /**
   * Between {@code min} and {@code max} elements. Before each element past {@code min} a boolean says
   * whether another follows, so deleting an element's choices deletes just that element.
   */
  public <T> List<T> list(int min, int max, Function<Choices, T> element) {
    List<T> list = new ArrayList<>();
    while (list.size() < min || list.size() < max && bool()) {
      list.add(element.apply(this));
    }
    return list;
  }

  /** Between {@code min} and {@code max} different elements of {@code options}, in the order drawn. */
  public <T> List<T> distinct(int min, int max, List<T> options) {
    List<T> left = new ArrayList<>(options);
    List<T> picked = new ArrayList<>();
    while (picked.size() < min || picked.size() < Math.min(max, options.size()) && bool()) {
      picked.add(left.remove(below(left.size())));
    }
    return picked;
  }

  /** The choices made so far. */
  List<Integer> drawn() {
    return List.copyOf(drawn);
  }
}
