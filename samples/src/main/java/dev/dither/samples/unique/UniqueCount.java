package dev.dither.samples.unique;

import dev.dither.runtime.AnnealingSchedule;
import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.NonFiniteLossPolicy;
import dev.dither.runtime.Optimizers;
import dev.dither.samples.Experiments;
import dev.dither.samples.runner.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The continuation experiment of Gulcehre et al. 2016, sec. 6.6(a) and Table 5: count the
 * distinct values of a random integer sequence, with an LSTM whose gates are soft (the
 * reference), noisy with a constant level, or noisy with the level annealed from 30 to 0.5.
 * See the package documentation for the task and every choice the paper leaves open.
 *
 * <p>Usage: {@code UniqueCount [steps] [seeds] [threads] [configurations]}. Every configuration
 * is trained once per seed (seeds 1..seeds) on fresh random batches and evaluated on one fixed
 * test set; the table gives the mean ± standard deviation over seeds of the test error. The
 * configurations are the four rows of Table 5 unless a comma-separated list of {@link Config}
 * names is given, e.g. {@code HARD,NANIL_CONSTANT,NAN_NOISELESS} for the controls.
 */
public final class UniqueCount {
  /** Sequence length, as in the paper. */
  static final int LENGTH = 26;
  /** Values 0..10 inclusive: the paper's "between 0 and 10" read as including 10. */
  static final int VALUES = 11;
  /** Counts 1..11, one class each. */
  static final int CLASSES = VALUES;
  /** LSTM width. */
  static final int UNITS = 32;
  /** Width of the MLP's ReLU hidden layer. */
  static final int HIDDEN = 64;

  // Hyper-parameters, fixed for the reference model and shared by every configuration.
  static final int BATCH = 32;
  static final double LEARNING_RATE = 3e-3;
  /** Gradient clipping by global norm: the paper's value for its recurrent experiments. */
  static final double CLIP = 5;
  static final int DEFAULT_STEPS = 12_000;
  static final int DEFAULT_SEEDS = 3;
  static final int DEFAULT_THREADS = 2;
  static final int TEST_SIZE = 4000;
  /** The test set is drawn from its own seed, far from the training streams. */
  static final long TEST_SEED = 0x7E57_5E7L;
  /** Evaluation batch: bounds the buffers the generated class grows for inference. */
  static final int EVAL_BATCH = 500;
  static final int CHECKPOINTS = 6;
  /** The constant level of the NAN run: the authors' default, and the floor of the annealed runs. */
  static final double CONSTANT_LEVEL = 0.5;

  private UniqueCount() {}

  /** The rows of Table 5 that are rerun, with the paper's test error, and three controls. */
  enum Config {
    REFERENCE("LSTM+MLP (reference, soft gates)", 33.28),
    NAN_CONSTANT("Noisy LSTM+MLP (NAN), constant c = 0.5", 31.12),
    NAN_ANNEALED("Noisy LSTM+MLP (NAN), annealed c 30 → 0.5", 9.53),
    NANIL_ANNEALED("Noisy LSTM+MLP (NANIL), annealed c 30 → 0.5", 20.94),
    /** Not in Table 5: the same levels, but falling linearly over the run instead of as 1/√t. */
    NAN_LINEAR("Noisy LSTM+MLP (NAN), c 30 → 0.5 linearly", Double.NaN),
    // Controls that are not in Table 5; run only when named on the command line.
    HARD("Control: hard gates, no noise", Double.NaN),
    NANIL_CONSTANT("Control: NANIL, constant c = 0.5", Double.NaN),
    NAN_NOISELESS("Control: NAN's α = 1.15 function, c = 0 (no noise)", Double.NaN);

    /** The rows of Table 5: what runs by default. */
    static final List<Config> TABLE_5 = List.of(REFERENCE, NAN_CONSTANT, NAN_ANNEALED, NANIL_ANNEALED);

    final String label;
    final double paperError;

    Config(String label, double paperError) {
      this.label = label;
      this.paperError = paperError;
    }

    boolean annealed() {
      return this == NAN_ANNEALED || this == NANIL_ANNEALED || this == NAN_LINEAR;
    }

    /** Whether the network has noisy sites (NAN_NOISELESS has them, at level 0). */
    boolean noisy() {
      return this != REFERENCE && this != HARD;
    }
  }

  /** The typed entry points of the generated classes, behind one interface. */
  interface Learner {
    double trainStep(float[] inputs, int[] labels);

    void classify(float[] inputs, int[] classes);

    GeneratedModel model();
  }

  /** One training run: test error (%) at each checkpoint and at the end. */
  record Result(Config config, long seed, double[] checkpointSteps, double[] curve, double testError,
      double finalLoss, int skippedSteps, double seconds) {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_STEPS;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SEEDS;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_THREADS;
    List<Config> configs = args.length > 3
        ? Arrays.stream(args[3].split(",")).map(String::trim).map(Config::valueOf).toList()
        : Config.TABLE_5;
    run(steps, seeds, threads, TEST_SIZE, configs, System.out);
  }

  /** Runs the rows of Table 5 for every seed and prints the progress, the tables and the orderings. */
  static List<Result> run(int steps, int seeds, int threads, int testSize, PrintStream out) {
    return run(steps, seeds, threads, testSize, Config.TABLE_5, out);
  }

  /** Runs the configurations for every seed and prints the progress, the tables and the orderings. */
  static List<Result> run(int steps, int seeds, int threads, int testSize, List<Config> configs, PrintStream out) {
    long start = System.nanoTime();
    UniqueCountTask.TestSet test = UniqueCountTask.TestSet.draw(TEST_SEED, testSize);
    long k = Experiments.paperPeriod(steps);
    out.printf(Locale.ROOT, "Unique count: %d values in 0..%d, counts 1..%d as %d classes; LSTM %d (one-hot input), mean pooling,"
        + " MLP %d ReLU%n", LENGTH, VALUES - 1, VALUES, CLASSES, UNITS, HIDDEN);
    out.printf(Locale.ROOT, "Adam lr %.0e, batch %d, clip %.0f, %d steps, seeds 1..%d, %d threads; annealed runs: %s%n",
        LEARNING_RATE, BATCH, CLIP, steps, seeds, threads, AnnealingSchedules.paper(30, k, 0.5));
    out.printf(Locale.ROOT, "Test set: %d sequences; always answering the most frequent count errs on %.2f%%%n",
        test.size(), 100 * test.majorityError());
    List<Callable<Result>> tasks = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      for (Config config : configs) {
        long s = seed;
        tasks.add(() -> train(config, s, steps, test, out, Progress.NONE));
      }
    }
    List<Result> results = Experiments.runAll(tasks, threads);
    out.println();
    printTables(results, configs, out);
    out.printf(Locale.ROOT, "%nWall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    return results;
  }

  /** A fresh network of the configuration; every configuration of a seed starts from the reference's weights. */
  static Learner create(Config config, long seed, int steps) {
    UniqueReferenceModel reference = new UniqueReferenceModel(seed);
    Learner learner = switch (config) {
      case REFERENCE -> learner(reference, reference::trainStep, reference::classify);
      case NAN_CONSTANT, NAN_ANNEALED, NAN_NOISELESS, NAN_LINEAR -> {
        UniqueNanModel m = new UniqueNanModel(seed);
        yield learner(m, m::trainStep, m::classify);
      }
      case NANIL_ANNEALED, NANIL_CONSTANT -> {
        UniqueNanilModel m = new UniqueNanilModel(seed);
        yield learner(m, m::trainStep, m::classify);
      }
      case HARD -> {
        UniqueHardModel m = new UniqueHardModel(seed);
        yield learner(m, m::trainStep, m::classify);
      }
    };
    GeneratedModel model = learner.model();
    if (model != reference) {
      Experiments.copySharedWeights(reference, model);
    }
    if (config.noisy()) {
      model.noiseSchedule(schedule(config, steps));
    }
    model.optimizer(Optimizers.adam(LEARNING_RATE))
        .gradientClipping(CLIP)
        .nonFiniteLoss(NonFiniteLossPolicy.SKIP);
    return learner;
  }

  static AnnealingSchedule schedule(Config config, int steps) {
    if (config == Config.NAN_NOISELESS) {
      return AnnealingSchedules.constant(0);
    }
    if (config == Config.NAN_LINEAR) {
      return AnnealingSchedules.linear(30, CONSTANT_LEVEL, steps);
    }
    return config.annealed()
        ? AnnealingSchedules.paper(30, Experiments.paperPeriod(steps), 0.5)
        : AnnealingSchedules.constant(CONSTANT_LEVEL);
  }

  interface TrainStep {
    double apply(float[] inputs, int[] labels);
  }

  interface Classify {
    void apply(float[] inputs, int[] classes);
  }

  private static Learner learner(GeneratedModel model, TrainStep step, Classify classify) {
    return new Learner() {
      @Override
      public double trainStep(float[] inputs, int[] labels) {
        return step.apply(inputs, labels);
      }

      @Override
      public void classify(float[] inputs, int[] classes) {
        classify.apply(inputs, classes);
      }

      @Override
      public GeneratedModel model() {
        return model;
      }
    };
  }

  static Result train(Config config, long seed, int steps, UniqueCountTask.TestSet test, PrintStream out,
      Progress progress) {
    Learner learner = create(config, seed, steps);
    // The same stream of training batches for every configuration of a seed.
    DitherRandom data = new DitherRandom(DitherRandom.mix(seed ^ 0xDA7AL));
    float[] x = new float[BATCH * LENGTH * VALUES];
    int[] y = new int[BATCH];
    int checkpoints = Math.min(CHECKPOINTS, steps);
    double[] at = new double[checkpoints];
    double[] curve = new double[checkpoints];
    int next = 0;
    double running = Math.log(CLASSES);
    int skipped = 0;
    long start = System.nanoTime();
    for (int s = 1; s <= steps; s++) {
      UniqueCountTask.sample(data, x, y);
      double loss = learner.trainStep(x, y);
      progress.advance(1);
      if (Double.isFinite(loss)) {
        running = 0.99 * running + 0.01 * loss;
      } else {
        skipped++;
      }
      if (next < checkpoints && s == (long) steps * (next + 1) / checkpoints) {
        at[next] = s;
        curve[next] = 100 * error(learner, test);
        String level = !config.noisy() ? "   -  "
            : String.format(Locale.ROOT, "%6.2f", learner.model().noiseLevel("lstm"));
        synchronized (out) {
          out.printf(Locale.ROOT, "  %-8s seed %d  step %6d  c %s  train loss %.4f  test error %6.2f%%%n",
              config, seed, s, level, running, curve[next]);
        }
        next++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Result(config, seed, at, curve, curve[checkpoints - 1], running, skipped, seconds);
  }

  /** Share of test sequences whose count is wrong, evaluated without noise. */
  static double error(Learner learner, UniqueCountTask.TestSet test) {
    int width = LENGTH * VALUES;
    int wrong = 0;
    for (int from = 0; from < test.size(); from += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, test.size() - from);
      float[] inputs = new float[n * width];
      System.arraycopy(test.inputs(), from * width, inputs, 0, n * width);
      int[] classes = new int[n];
      learner.classify(inputs, classes);
      for (int i = 0; i < n; i++) {
        wrong += classes[i] == test.labels()[from + i] ? 0 : 1;
      }
    }
    return (double) wrong / test.size();
  }

  static void printTables(List<Result> results, List<Config> configs, PrintStream out) {
    out.println("| Model | test error % by seed | mean ± std | paper (Table 5) | skipped steps | s/run |");
    out.println("|---|---|---|---|---|---|");
    Map<Config, double[]> errors = new EnumMap<>(Config.class);
    for (Config config : configs) {
      List<Result> runs = results.stream().filter(r -> r.config() == config).toList();
      double[] e = runs.stream().mapToDouble(Result::testError).toArray();
      errors.put(config, e);
      StringBuilder bySeed = new StringBuilder();
      for (double v : e) {
        bySeed.append(bySeed.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", v));
      }
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %d | %.0f |%n", config.label, bySeed, Experiments.meanStd(e),
          Double.isNaN(config.paperError) ? "-" : String.format(Locale.ROOT, "%.2f", config.paperError),
          runs.stream().mapToInt(Result::skippedSteps).sum(), runs.stream().mapToDouble(Result::seconds).average().orElse(0));
    }
    out.println();
    Result first = results.get(0);
    StringBuilder header = new StringBuilder("| Model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (double s : first.checkpointSteps()) {
      header.append(String.format(Locale.ROOT, " step %.0f |", s));
      rule.append("---|");
    }
    out.println("Mean test error % over seeds during training:");
    out.println(header);
    out.println(rule);
    for (Config config : configs) {
      List<Result> runs = results.stream().filter(r -> r.config() == config).toList();
      StringBuilder row = new StringBuilder("| " + config.label + " |");
      for (int c = 0; c < first.curve().length; c++) {
        int i = c;
        row.append(String.format(Locale.ROOT, " %.2f |", runs.stream().mapToDouble(r -> r.curve()[i]).average().orElse(0)));
      }
      out.println(row);
    }
    if (!errors.keySet().containsAll(Config.TABLE_5)) {
      return;
    }
    out.println();
    out.println("Orderings of Table 5 (difference of means, ± its standard error over seeds):");
    double[] annealed = errors.get(Config.NAN_ANNEALED);
    ordering(out, "annealed NAN < constant NAN", annealed, errors.get(Config.NAN_CONSTANT));
    ordering(out, "annealed NAN < reference", annealed, errors.get(Config.REFERENCE));
    ordering(out, "annealed NAN < annealed NANIL", annealed, errors.get(Config.NANIL_ANNEALED));
    double[] constant = errors.get(Config.NAN_CONSTANT);
    double[] reference = errors.get(Config.REFERENCE);
    double diff = Experiments.mean(constant) - Experiments.mean(reference);
    double se = Experiments.standardErrorOfDifference(constant, reference);
    out.printf(Locale.ROOT, "  constant NAN ≈ reference: difference %+.2f ± %.2f points -> %s%n", diff, se,
        Math.abs(diff) <= 2 * se ? "holds (within 2 standard errors)" : "does not hold");
  }

  private static void ordering(PrintStream out, String claim, double[] smaller, double[] larger) {
    double diff = Experiments.mean(smaller) - Experiments.mean(larger);
    double se = Experiments.standardErrorOfDifference(smaller, larger);
    int pairs = 0;
    for (int i = 0; i < Math.min(smaller.length, larger.length); i++) {
      pairs += smaller[i] < larger[i] ? 1 : 0;
    }
    out.printf(Locale.ROOT, "  %s: difference %+.2f ± %.2f points, lower in %d of %d seeds -> %s%n", claim, diff, se,
        pairs, smaller.length, diff < 0 ? (diff < -2 * se ? "holds" : "holds in the means, within 2 standard errors")
            : "does not hold");
  }
}
