package dev.dither.samples.recall;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.NonFiniteLossPolicy;
import dev.dither.runtime.Optimizers;
import dev.dither.samples.Experiments;
import dev.dither.samples.runner.Progress;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Associative recall (Graves et al. 2014; Gulcehre et al. 2016, sec. 6.6(b), Fig. 9) at CPU
 * scale, with an LSTM standing in for the NTM's controller (there is no memory): a few items,
 * a query item, and the answer is the item that followed the query. The paper puts noisy
 * activations with the annealed level into the controller and reports that it "converges much
 * faster"; this sample trains the soft-gated LSTM and the same LSTM with noisy gates (NAN and
 * NAH, c annealed 30 → 0.5) from the same weights on the same batches, and prints the test
 * error during and after training.
 *
 * <p>Task: items are single tokens out of {@link #ITEMS}; each sequence holds {@code k} distinct
 * items, {@code 2 <= k <= 6} uniformly (the reference notes' CPU-scale range; the paper trains
 * with 2 to 16), then a separator token, then the query, one of the first {@code k - 1} items.
 * Sequences are therefore 4 to 8 tokens long and use {@code @Sequence(value = 8,
 * variableLength = true)} with each example's length; the controller's state after the last real
 * token ({@code SequenceOutput.LAST}) feeds a softmax over the items. Tokens rather than
 * multi-bit vectors keep the answer a single class; an NTM item of several bit-vectors would need
 * a structured output the generated networks do not have.
 *
 * <p>Usage: {@code AssociativeRecall [steps] [seeds] [threads]}.
 */
public final class AssociativeRecall {
  /** Distinct item tokens 0..ITEMS-1. */
  static final int ITEMS = 16;
  static final int SEPARATOR = ITEMS;
  static final int VOCABULARY = ITEMS + 1;
  static final int MIN_ITEMS = 2;
  static final int MAX_ITEMS = 6;
  /** Items, separator and query. */
  static final int MAX_LENGTH = MAX_ITEMS + 2;
  static final int EMBEDDING = 16;
  static final int UNITS = 64;

  // Hyper-parameters, fixed for the reference model and shared by every configuration.
  static final int BATCH = 32;
  static final double LEARNING_RATE = 1e-2;
  static final double CLIP = 5;
  static final int DEFAULT_STEPS = 5_000;
  static final int DEFAULT_SEEDS = 3;
  static final int DEFAULT_THREADS = 2;
  static final int TEST_SIZE = 3000;
  static final long TEST_SEED = 0x7E57_4EC4L;
  static final int CHECKPOINTS = 10;
  /** Evaluation batch: bounds the buffers the generated class grows for inference. */
  static final int EVAL_BATCH = 500;

  private AssociativeRecall() {}

  enum Config {
    REFERENCE("LSTM controller (soft gates)"),
    NAN_ANNEALED("Noisy LSTM controller (NAN), annealed c 30 → 0.5"),
    NAH_ANNEALED("Noisy LSTM controller (NAH), annealed c 30 → 0.5"),
    // The annealing ablation, run by the experiment runner (not by main):
    NAN_CONSTANT("Noisy LSTM controller (NAN), constant c = 0.5"),
    NAN_LINEAR("Noisy LSTM controller (NAN), c 30 → 0.5 linearly"),
    NAN_NOISELESS("Control: NAN's α = 1.15 function, c = 0 (no noise)");

    /** What {@code main} runs: the configurations of the first version of this sample. */
    static final List<Config> MAIN = List.of(REFERENCE, NAN_ANNEALED, NAH_ANNEALED);

    final String label;

    Config(String label) {
      this.label = label;
    }
  }

  /** The typed entry points of the generated classes, behind one interface. */
  interface Learner {
    double trainStep(int[] tokens, int[] lengths, int[] labels);

    /** Evaluation-mode logits. */
    void infer(int[] tokens, int[] lengths, float[] logits);

    GeneratedModel model();
  }

  /** One run: test error (%) and test loss at each checkpoint; final error by number of items. */
  record Result(Config config, long seed, double[] checkpointSteps, double[] errorCurve, double[] lossCurve,
      double testError, double[] errorByItems, int skippedSteps, double seconds) {}

  public static void main(String[] args) {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_STEPS;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SEEDS;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_THREADS;
    run(steps, seeds, threads, TEST_SIZE, System.out);
  }

  static List<Result> run(int steps, int seeds, int threads, int testSize, PrintStream out) {
    long start = System.nanoTime();
    RecallTask.TestSet test = RecallTask.TestSet.draw(TEST_SEED, testSize);
    out.printf(Locale.ROOT, "Associative recall: %d-%d distinct items of %d, separator, query; LSTM %d over an embedding of %d,"
        + " last state to a softmax over the items%n", MIN_ITEMS, MAX_ITEMS, ITEMS, UNITS, EMBEDDING);
    out.printf(Locale.ROOT, "Adam lr %.0e, batch %d, clip %.0f, %d steps, seeds 1..%d, %d threads; noisy runs: %s%n",
        LEARNING_RATE, BATCH, CLIP, steps, seeds, threads, AnnealingSchedules.paper(30, Experiments.paperPeriod(steps), 0.5));
    out.printf(Locale.ROOT, "Test set: %d sequences; guessing among the other items errs on about %.1f%%%n",
        test.size(), 100 * guessingError());
    List<Callable<Result>> tasks = new ArrayList<>();
    for (long seed = 1; seed <= seeds; seed++) {
      for (Config config : Config.MAIN) {
        long s = seed;
        tasks.add(() -> train(config, s, steps, test, out, Progress.NONE));
      }
    }
    List<Result> results = Experiments.runAll(tasks, threads);
    out.println();
    printTables(results, out);
    out.printf(Locale.ROOT, "%nWall time %.1f s%n", (System.nanoTime() - start) / 1e9);
    return results;
  }

  /**
   * The error of a model that knows the items but not their order: it picks one of the k − 1
   * items other than the query, averaged over k = 2..6.
   */
  static double guessingError() {
    double sum = 0;
    for (int k = MIN_ITEMS; k <= MAX_ITEMS; k++) {
      sum += 1 - 1.0 / (k - 1);
    }
    return sum / (MAX_ITEMS - MIN_ITEMS + 1);
  }

  static Learner create(Config config, long seed, int steps) {
    RecallReferenceModel reference = new RecallReferenceModel(seed);
    Learner learner = switch (config) {
      case REFERENCE -> learner(reference, reference::trainStep, reference::infer);
      case NAN_ANNEALED, NAN_CONSTANT, NAN_LINEAR, NAN_NOISELESS -> {
        RecallNanModel m = new RecallNanModel(seed);
        yield learner(m, m::trainStep, m::infer);
      }
      case NAH_ANNEALED -> {
        RecallNahModel m = new RecallNahModel(seed);
        yield learner(m, m::trainStep, m::infer);
      }
    };
    GeneratedModel model = learner.model();
    if (model != reference) {
      Experiments.copySharedWeights(reference, model);
      model.noiseSchedule(switch (config) {
        case NAN_CONSTANT -> AnnealingSchedules.constant(0.5);
        case NAN_LINEAR -> AnnealingSchedules.linear(30, 0.5, steps);
        case NAN_NOISELESS -> AnnealingSchedules.constant(0);
        default -> AnnealingSchedules.paper(30, Experiments.paperPeriod(steps), 0.5);
      });
    }
    model.optimizer(Optimizers.adam(LEARNING_RATE))
        .gradientClipping(CLIP)
        .nonFiniteLoss(NonFiniteLossPolicy.SKIP);
    return learner;
  }

  interface TrainStep {
    double apply(int[] tokens, int[] lengths, int[] labels);
  }

  interface Infer {
    void apply(int[] tokens, int[] lengths, float[] logits);
  }

  private static Learner learner(GeneratedModel model, TrainStep step, Infer infer) {
    return new Learner() {
      @Override
      public double trainStep(int[] tokens, int[] lengths, int[] labels) {
        return step.apply(tokens, lengths, labels);
      }

      @Override
      public void infer(int[] tokens, int[] lengths, float[] logits) {
        infer.apply(tokens, lengths, logits);
      }

      @Override
      public GeneratedModel model() {
        return model;
      }
    };
  }

  static Result train(Config config, long seed, int steps, RecallTask.TestSet test, PrintStream out,
      Progress progress) {
    Learner learner = create(config, seed, steps);
    DitherRandom data = new DitherRandom(DitherRandom.mix(seed ^ 0x4EC4L));
    int[] tokens = new int[BATCH * MAX_LENGTH];
    int[] lengths = new int[BATCH];
    int[] labels = new int[BATCH];
    int checkpoints = Math.min(CHECKPOINTS, steps);
    double[] at = new double[checkpoints];
    double[] errors = new double[checkpoints];
    double[] losses = new double[checkpoints];
    int[] classes = new int[test.size()];
    int next = 0;
    int skipped = 0;
    long start = System.nanoTime();
    for (int s = 1; s <= steps; s++) {
      RecallTask.sample(data, tokens, lengths, labels);
      if (!Double.isFinite(learner.trainStep(tokens, lengths, labels))) {
        skipped++;
      }
      progress.advance(1);
      if (next < checkpoints && s == (long) steps * (next + 1) / checkpoints) {
        at[next] = s;
        losses[next] = evaluate(learner, test, classes);
        errors[next] = 100 * errorOf(classes, test, 0);
        String level = config == Config.REFERENCE ? "   -  "
            : String.format(Locale.ROOT, "%6.2f", learner.model().noiseLevel("controller"));
        synchronized (out) {
          out.printf(Locale.ROOT, "  %-12s seed %d  step %6d  c %s  test loss %.4f  test error %6.2f%%%n",
              config, seed, s, level, losses[next], errors[next]);
        }
        next++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double[] byItems = new double[MAX_ITEMS - MIN_ITEMS + 1];
    for (int k = MIN_ITEMS; k <= MAX_ITEMS; k++) {
      byItems[k - MIN_ITEMS] = 100 * errorOf(classes, test, k);
    }
    return new Result(config, seed, at, errors, losses, errors[checkpoints - 1], byItems, skipped, seconds);
  }

  /**
   * Writes the evaluation-mode answer to every test example into {@code classes} and returns the
   * mean test loss (cross-entropy), in slices that bound the buffers the generated class grows.
   */
  static double evaluate(Learner learner, RecallTask.TestSet test, int[] classes) {
    float[] logits = new float[EVAL_BATCH * ITEMS];
    double loss = 0;
    for (int from = 0; from < test.size(); from += EVAL_BATCH) {
      int n = Math.min(EVAL_BATCH, test.size() - from);
      int[] tokens = new int[n * MAX_LENGTH];
      System.arraycopy(test.tokens(), from * MAX_LENGTH, tokens, 0, n * MAX_LENGTH);
      int[] lengths = new int[n];
      System.arraycopy(test.lengths(), from, lengths, 0, n);
      float[] out = n == EVAL_BATCH ? logits : new float[n * ITEMS];
      learner.infer(tokens, lengths, out);
      for (int i = 0; i < n; i++) {
        int best = 0;
        double max = out[i * ITEMS];
        for (int c = 1; c < ITEMS; c++) {
          if (out[i * ITEMS + c] > out[i * ITEMS + best]) {
            best = c;
          }
          max = Math.max(max, out[i * ITEMS + c]);
        }
        double sum = 0;
        for (int c = 0; c < ITEMS; c++) {
          sum += Math.exp(out[i * ITEMS + c] - max);
        }
        classes[from + i] = best;
        loss += max + Math.log(sum) - out[i * ITEMS + test.labels()[from + i]];
      }
    }
    return loss / test.size();
  }

  /** Share of wrong answers among the test examples with {@code items} items (0: all). */
  static double errorOf(int[] classes, RecallTask.TestSet test, int items) {
    int wrong = 0;
    int total = 0;
    for (int i = 0; i < test.size(); i++) {
      if (items == 0 || RecallTask.items(test.lengths()[i]) == items) {
        total++;
        wrong += classes[i] == test.labels()[i] ? 0 : 1;
      }
    }
    return total == 0 ? 0 : (double) wrong / total;
  }

  static void printTables(List<Result> results, PrintStream out) {
    StringBuilder header = new StringBuilder("| Model | test error % by seed | mean ± std |");
    StringBuilder rule = new StringBuilder("|---|---|---|");
    for (int k = MIN_ITEMS; k <= MAX_ITEMS; k++) {
      header.append(" k = ").append(k).append(" |");
      rule.append("---|");
    }
    out.println(header.append(" skipped steps | s/run |"));
    out.println(rule.append("---|---|"));
    Config[] configs = Config.MAIN.toArray(new Config[0]);
    double[][] errors = new double[configs.length][];
    for (Config config : configs) {
      List<Result> runs = results.stream().filter(r -> r.config() == config).toList();
      double[] e = runs.stream().mapToDouble(Result::testError).toArray();
      errors[config.ordinal()] = e;
      StringBuilder row = new StringBuilder("| " + config.label + " | ");
      for (int i = 0; i < e.length; i++) {
        row.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", e[i]));
      }
      row.append(" | ").append(Experiments.meanStd(e)).append(" |");
      for (int k = 0; k <= MAX_ITEMS - MIN_ITEMS; k++) {
        int j = k;
        row.append(String.format(Locale.ROOT, " %.2f |", runs.stream().mapToDouble(r -> r.errorByItems()[j]).average().orElse(0)));
      }
      row.append(String.format(Locale.ROOT, " %d | %.0f |", runs.stream().mapToInt(Result::skippedSteps).sum(),
          runs.stream().mapToDouble(Result::seconds).average().orElse(0)));
      out.println(row);
    }
    out.println();
    Result first = results.get(0);
    StringBuilder curveHeader = new StringBuilder("| Model |");
    StringBuilder curveRule = new StringBuilder("|---|");
    for (double s : first.checkpointSteps()) {
      curveHeader.append(String.format(Locale.ROOT, " %.0f |", s));
      curveRule.append("---|");
    }
    out.println("Mean test error % (test loss) over seeds by training step:");
    out.println(curveHeader);
    out.println(curveRule);
    for (Config config : configs) {
      List<Result> runs = results.stream().filter(r -> r.config() == config).toList();
      StringBuilder row = new StringBuilder("| " + config.label + " |");
      for (int c = 0; c < first.errorCurve().length; c++) {
        int i = c;
        row.append(String.format(Locale.ROOT, " %.1f (%.3f) |",
            runs.stream().mapToDouble(r -> r.errorCurve()[i]).average().orElse(0),
            runs.stream().mapToDouble(r -> r.lossCurve()[i]).average().orElse(0)));
      }
      out.println(row);
    }
    out.println();
    double[] reference = errors[Config.REFERENCE.ordinal()];
    for (Config config : new Config[] {Config.NAN_ANNEALED, Config.NAH_ANNEALED}) {
      double[] noisy = errors[config.ordinal()];
      double diff = Experiments.mean(noisy) - Experiments.mean(reference);
      double se = Experiments.standardErrorOfDifference(noisy, reference);
      out.printf(Locale.ROOT, "%s vs reference: final error difference %+.2f ± %.2f points -> noisy %s%n", config, diff, se,
          diff < -2 * se ? "better" : diff > 2 * se ? "worse" : "not distinguishable (within 2 standard errors)");
    }
  }
}
