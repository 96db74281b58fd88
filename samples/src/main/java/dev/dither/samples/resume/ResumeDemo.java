package dev.dither.samples.resume;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Train, save, resume in another process, serve: trains {@link ParityNet} (on the majority of
 * its 16 ±1 inputs) for a while and saves a checkpoint, resumes it in a second JVM that trains on
 * and saves the weights, then loads those weights and serves them from several threads, one
 * inference view per thread, checking that every thread answers as the model does.
 *
 * <p>Usage: {@code ResumeDemo [train|resume|serve] [directory]}; without arguments it runs all
 * three, the second in a new JVM, in a temporary directory.
 */
public final class ResumeDemo {
  static final int STEPS = 400;
  static final int BATCH = 32;

  public static void main(String[] args) throws Exception {
    String stage = args.length > 0 ? args[0] : "all";
    Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("dither-resume");
    Path checkpoint = dir.resolve("parity.ckpt.safetensors");
    Path weights = dir.resolve("parity.safetensors");
    switch (stage) {
      case "train" -> train(checkpoint);
      case "resume" -> resume(checkpoint, weights);
      case "serve" -> serve(weights);
      default -> {
        train(checkpoint);
        inNewJvm("resume", dir);
        serve(weights);
      }
    }
  }

  /** The configuration of the run; a resumed run must be configured alike. */
  static ParityNetModel configured() {
    return new ParityNetModel(42)
        .optimizer(dev.dither.runtime.Optimizers.adam(1e-3))
        .noiseSchedule("hidden", AnnealingSchedules.paper(30, 20, 0.5))
        .gradientClipping(5);
  }

  static void train(Path checkpoint) throws IOException {
    ParityNetModel net = configured();
    trainFor(net, STEPS);
    net.saveCheckpoint(checkpoint);
    report("trained and saved a checkpoint", net);
  }

  static void resume(Path checkpoint, Path weights) throws IOException {
    ParityNetModel net = configured();
    net.loadCheckpoint(checkpoint);
    report("resumed in process " + ProcessHandle.current().pid(), net);
    trainFor(net, STEPS);
    net.saveWeights(weights);
    report("trained on and saved the weights", net);
  }

  static final int THREADS = 4;
  static final int REQUESTS = 2_000;

  /** Loads the weights and answers requests from several threads, each with its own view. */
  static void serve(Path weights) throws Exception {
    ParityNetModel deployed = new ParityNetModel(0);
    deployed.loadWeights(weights);
    report("loaded the weights for serving", deployed);
    float[] x = new float[BATCH * 16];
    int[] y = new int[BATCH];
    batch(new DitherRandom(-2), x, y);
    int[] expected = new int[BATCH];
    deployed.classify(x, expected);

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<Integer>> mismatches = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        // Views are created after the load: each shares the loaded weights and the level c in force.
        ParityNetModel.InferenceView view = deployed.inferenceView();
        mismatches.add(pool.submit(() -> {
          int[] classes = new int[BATCH];
          int wrong = 0;
          for (int r = 0; r < REQUESTS; r++) {
            view.classify(x, classes);
            wrong += Arrays.equals(classes, expected) ? 0 : 1;
          }
          return wrong;
        }));
      }
      int wrong = 0;
      for (Future<Integer> m : mismatches) {
        wrong += m.get();
      }
      System.out.printf(Locale.ROOT, "served %d requests of %d examples from %d threads: %d answered differently"
          + " from the model%n", THREADS * REQUESTS, BATCH, THREADS, wrong);
      if (wrong != 0) {
        throw new IllegalStateException(wrong + " requests were answered differently from the model");
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Batch {@code t} depends only on {@code t}: a resumed run sees what an uninterrupted one would. */
  static void trainFor(ParityNetModel net, int steps) {
    float[] x = new float[BATCH * 16];
    int[] y = new int[BATCH];
    for (int i = 0; i < steps; i++) {
      batch(new DitherRandom(net.steps()), x, y);
      net.trainStep(x, y);
    }
  }

  static void batch(DitherRandom r, float[] x, int[] y) {
    for (int n = 0; n < y.length; n++) {
      int sum = 0;
      for (int k = 0; k < 16; k++) {
        x[n * 16 + k] = r.nextInt(2) == 0 ? -1 : 1;
        sum += (int) x[n * 16 + k];
      }
      y[n] = sum > 0 ? 1 : 0;
    }
  }

  static void report(String what, ParityNetModel net) {
    float[] x = new float[1024 * 16];
    int[] y = new int[1024];
    batch(new DitherRandom(-1), x, y);
    int[] predicted = new int[y.length];
    net.classify(x, predicted);
    int right = 0;
    for (int n = 0; n < y.length; n++) {
      right += predicted[n] == y[n] ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "%-40s step %4d, c = %.3f, held-out accuracy %.1f%%%n", what + ":", net.steps(),
        net.noiseLevel("hidden"), 100.0 * right / y.length);
  }

  private static void inNewJvm(String stage, Path dir) throws IOException, InterruptedException {
    // This class and the runtime, wherever they were loaded from (under Maven's exec:java the
    // JVM's own class path is Maven's).
    String classPath = location(ResumeDemo.class) + File.pathSeparator + location(GeneratedModel.class);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", classPath, ResumeDemo.class.getName(), stage, dir.toString()));
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      throw new IllegalStateException("the " + stage + " process failed with exit code " + exit);
    }
  }

  private static String location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
