package dev.dither.processor.property;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Checks a property on generated values: {@code tries} cases drawn from a fixed seed, so every run
 * (and CI) sees the same cases; the first failure is shrunk by {@link Shrinker} and reported with
 * the seed that reproduces it and the smallest failing value.
 *
 * <p>{@code -Ddither.properties.seed=N} draws other cases; {@code -Ddither.properties.scale=K} runs
 * K times the tries (the first cases stay the same, so a larger scale only adds cases).
 */
public final class Properties {
  public static final String SEED = "dither.properties.seed";
  public static final String SCALE = "dither.properties.scale";
  static final long DEFAULT_SEED = 9;
  /** Replays a failure may spend on shrinking; a replay of a description property is one javac run. */
  static final int SHRINK_BUDGET = 400;

  private final long seed;
  private final int scale;

  Properties(long seed, int scale) {
    if (scale < 1) {
      throw new IllegalArgumentException(SCALE + " must be at least 1, was " + scale);
    }
    this.seed = seed;
    this.scale = scale;
  }

  /**
   * Runs {@code property} on {@code tries} (times the scale) values made by {@code generate}; the
   * property fails by throwing, typically a JUnit assertion.
   *
   * @throws Falsified if it failed on some value, naming the shrunk value and the seed
   */
  public static <T> void check(String name, int tries, Function<Choices, T> generate, Consumer<T> property) {
    new Properties(Long.getLong(SEED, DEFAULT_SEED), Integer.getInteger(SCALE, 1)).run(name, tries, generate, property);
  }

  /** Returns the number of cases run. */
  <T> int run(String name, int tries, Function<Choices, T> generate, Consumer<T> property) {
    // Each property draws from its own stream, so two properties over one generator see different cases.
    SplittableRandom cases = new SplittableRandom(seed ^ name.hashCode());
    int total = Math.multiplyExact(tries, scale);
    for (int i = 0; i < total; i++) {
      Choices choices = new Choices(cases.split());
      T value = generate.apply(choices);
      Throwable failure = failureOf(property, value);
      if (failure != null) {
        Shrinker<T> shrinker = new Shrinker<>(generate, v -> failureOf(property, v), SHRINK_BUDGET);
        Shrinker.Case<T> smallest = shrinker.shrink(new Shrinker.Case<>(choices.drawn(), value, failure));
        String rerun = "-D" + SEED + "=" + seed + (scale == 1 ? "" : " -D" + SCALE + "=" + scale);
        throw new Falsified(String.format(
            "Property \"%s\" failed on case %d of %d (seed %d; %s reproduces it)."
                + " Shrunk in %d replays from %d to %d choices, to:%n%s%nwhich fails with: %s",
            name, i + 1, total, seed, rerun, shrinker.replays(), choices.drawn().size(),
            smallest.choices().size(), smallest.value(), smallest.failure()),
            smallest.value(), smallest.failure(), failure);
      }
    }
    return total;
  }

  private static <T> Throwable failureOf(Consumer<T> property, T value) {
    try {
      property.accept(value);
      return null;
    } catch (OutOfMemoryError e) {
      throw e;
    } catch (Throwable failure) { // also a VerifyError or StackOverflowError from generated code
      return failure;
    }
  }

  /**
   * A property failed. The cause is the failure on the shrunk value; the failure before shrinking,
   * if it differs, is attached as suppressed.
   */
  public static final class Falsified extends AssertionError {
    private final transient Object smallest;

    Falsified(String message, Object smallest, Throwable failure, Throwable original) {
      super(message, failure);
      this.smallest = smallest;
      if (original != failure) {
        addSuppressed(original);
      }
    }

    /** The smallest failing value the shrinker found. */
    public Object smallest() {
      return smallest;
    }
  }
}
