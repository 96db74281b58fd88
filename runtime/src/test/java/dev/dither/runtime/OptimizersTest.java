package dev.dither.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptimizersTest {

  // ---- PyTorch golden data ----------------------------------------------------------------

  /** The optimizer a golden case's {@code config.hyper} describes, built through the factories. */
  private static Optimizer fromConfig(GoldenCase c) {
    String kind = c.configString("optimizer");
    double lr = c.configDouble("hyper", "lr");
    double wd = c.configDouble("hyper", "weight_decay");
    switch (kind) {
      case "sgd_momentum":
        return Optimizers.sgd(lr, c.configDouble("hyper", "momentum"),
            c.configDouble("hyper", "dampening"), wd, c.configBoolean("hyper", "nesterov"));
      case "adam":
      case "adam_wd":
        double[] betas = c.configDoubles("hyper", "betas");
        double eps = c.configDouble("hyper", "eps");
        return c.configBoolean("hyper", "decoupled_weight_decay")
            ? Optimizers.adamW(lr, betas[0], betas[1], eps, wd)
            : Optimizers.adam(lr, betas[0], betas[1], eps, wd);
      case "rmsprop":
        return Optimizers.rmsprop(lr, c.configDouble("hyper", "alpha"),
            c.configDouble("hyper", "eps"), wd, c.configDouble("hyper", "momentum"),
            c.configBoolean("hyper", "centered"));
      default:
        throw new IllegalArgumentException("unknown optimizer " + kind);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"optim_sgd_momentum.json", "optim_adam.json", "optim_adam_wd.json",
      "optim_rmsprop.json"})
  void matchesPytorchInDouble(String file) {
    GoldenCase c = GoldenCase.load(file);
    double[] values = c.tensor("p0");
    double[] grads = new double[values.length];
    Parameter p = Parameter.ofDoubles("w", c.shape("p0"), false, true, values, grads);
    ParameterSet set = new ParameterSet(List.of(p));
    Optimizer opt = fromConfig(c);
    for (int step = 0; step < 3; step++) {
      System.arraycopy(c.tensor("grad" + step), 0, grads, 0, grads.length);
      opt.step(set);
      assertClose(c.tensor("after" + step), values, 1e-12, file + " " + opt + " step " + step);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"optim_sgd_momentum.json", "optim_adam.json", "optim_adam_wd.json",
      "optim_rmsprop.json"})
  void matchesPytorchInFloat(String file) {
    GoldenCase c = GoldenCase.load(file);
    float[] values = c.floatTensor("p0");
    float[] grads = new float[values.length];
    Parameter p = Parameter.ofFloats("w", c.shape("p0"), false, true, values, grads);
    ParameterSet set = new ParameterSet(List.of(p));
    Optimizer opt = fromConfig(c);
    for (int step = 0; step < 3; step++) {
      float[] g = c.floatTensor("grad" + step);
      System.arraycopy(g, 0, grads, 0, grads.length);
      opt.step(set);
      double[] actual = new double[values.length];
      for (int i = 0; i < actual.length; i++) {
        actual[i] = values[i];
      }
      assertClose(c.tensor("after" + step), actual, 1e-5, file + " float step " + step);
    }
  }

  // ---- hand-derived values ----------------------------------------------------------------

  /** Runs {@code opt} on the one-scalar double parameter 1.0 with the given gradients. */
  private static double[] trajectory(Optimizer opt, double... gradients) {
    double[] value = {1.0};
    double[] grad = new double[1];
    ParameterSet set = new ParameterSet(
        List.of(Parameter.ofDoubles("x", new int[] {1}, false, true, value, grad)));
    double[] after = new double[gradients.length];
    for (int t = 0; t < gradients.length; t++) {
      grad[0] = gradients[t];
      opt.step(set);
      assertEquals(gradients[t], grad[0], 0.0, "the gradient must not be modified");
      after[t] = value[0];
    }
    return after;
  }

  @Test
  void sgdPlainAndMomentumFirstStepIsTheGradient() {
    assertArrayEquals(new double[] {0.9, 0.7}, trajectory(Optimizers.sgd(0.1), 1, 2), 1e-15);
    // buf = 1, then 0.9 * 1 + 2 = 2.9.
    assertArrayEquals(new double[] {0.9, 0.9 - 0.29},
        trajectory(Optimizers.sgd(0.1, 0.9), 1, 2), 1e-15);
  }

  @Test
  void sgdNesterov() {
    // Step 1: buf = 1, g' = 1 + 0.9 * 1 = 1.9, p = 1 - 0.19.
    // Step 2: buf = 0.9 * 1 + 2 = 2.9, g' = 2 + 0.9 * 2.9 = 4.61, p = 0.81 - 0.461.
    assertArrayEquals(new double[] {0.81, 0.349},
        trajectory(Optimizers.sgd(0.1, 0.9, 0, 0, true), 1, 2), 1e-15);
  }

  @Test
  void sgdDampeningSparesTheFirstStep() {
    // Step 1 (PyTorch): buf = g = 1, undampened. Step 2: buf = 0.9 * 1 + (1 - 0.5) * 2 = 1.9.
    assertArrayEquals(new double[] {0.9, 0.9 - 0.19},
        trajectory(Optimizers.sgd(0.1, 0.9, 0.5, 0, false), 1, 2), 1e-15);
  }

  @Test
  void sgdWeightDecayIsAddedToTheGradient() {
    // Step 1: g' = 1 + 0.1 * 1 = 1.1, p = 0.89. Step 2: g' = 0 + 0.1 * 0.89, p = 0.89 - 0.0089.
    assertArrayEquals(new double[] {0.89, 0.8811},
        trajectory(Optimizers.sgd(0.1, 0, 0, 0.1, false), 1, 0), 1e-15);
    // With momentum the decay term is accumulated too: buf = 1.1, then 0.9 * 1.1 + 0.089.
    assertArrayEquals(new double[] {0.89, 0.89 - 0.1 * (0.99 + 0.089)},
        trajectory(Optimizers.sgd(0.1, 0.9, 0, 0.1, false), 1, 0), 1e-15);
  }

  @Test
  void rmspropCentered() {
    double eps = 1e-8;
    // Step 1, g = 1: square_avg = 0.1, grad_avg = 0.1, avg = sqrt(0.1 - 0.01) + eps = 0.3 + eps.
    // Step 2, g = -1: square_avg = 0.09 + 0.1 = 0.19, grad_avg = 0.1 + 0.1 * (-1 - 0.1) = -0.01,
    // avg = sqrt(0.19 - 0.0001) + eps.
    double p1 = 1 - 0.03 / (0.3 + eps);
    double p2 = p1 + 0.03 / (Math.sqrt(0.1899) + eps);
    assertArrayEquals(new double[] {p1, p2},
        trajectory(Optimizers.rmsprop(0.03, 0.9, eps, 0, 0, true), 1, -1), 1e-14);
  }

  @Test
  void rmspropCenteredWithMomentumStartsFromAZeroBuffer() {
    double eps = 1e-8;
    double b1 = 1 / (0.3 + eps); // 0.5 * 0 + g / avg
    double b2 = 0.5 * b1 - 1 / (Math.sqrt(0.1899) + eps);
    double p1 = 1 - 0.03 * b1;
    assertArrayEquals(new double[] {p1, p1 - 0.03 * b2},
        trajectory(Optimizers.rmsprop(0.03, 0.9, eps, 0, 0.5, true), 1, -1), 1e-14);
  }

  @Test
  void rmspropWeightDecay() {
    // g' = 1 + 0.5 * 1 = 1.5; square_avg = 0.1 * 2.25; p = 1 - 0.01 * 1.5 / (sqrt(0.225) + 0).
    assertArrayEquals(new double[] {1 - 0.015 / Math.sqrt(0.225)},
        trajectory(Optimizers.rmsprop(0.01, 0.9, 0, 0.5, 0, false), 1), 1e-15);
  }

  @Test
  void adamL2AndAdamWDecoupled() {
    double lr = 0.01;
    double eps = 1e-8;
    // Adam, L2: g' = 0.5 + 0.1 * 1 = 0.6; m = 0.1 * 0.6, v = 0.001 * 0.36;
    // p = 1 - (lr / 0.1) * m / (sqrt(v) / sqrt(0.001) + eps).
    double adam = 1 - (lr / (1 - 0.9)) * ((1 - 0.9) * 0.6)
        / (Math.sqrt((1 - 0.999) * 0.36) / Math.sqrt(1 - 0.999) + eps);
    assertArrayEquals(new double[] {adam},
        trajectory(Optimizers.adam(lr, 0.9, 0.999, eps, 0.1), 0.5), 1e-15);
    // AdamW: p = 1 * (1 - lr * 0.1), then the plain Adam step on g = 0.5.
    double adamW = (1 - lr * 0.1) - (lr / (1 - 0.9)) * ((1 - 0.9) * 0.5)
        / (Math.sqrt((1 - 0.999) * 0.25) / Math.sqrt(1 - 0.999) + eps);
    assertArrayEquals(new double[] {adamW},
        trajectory(Optimizers.adamW(lr, 0.9, 0.999, eps, 0.1), 0.5), 1e-15);
  }

  @Test
  void learningRateChangesApplyToLaterSteps() {
    Optimizer opt = Optimizers.sgd(0.1);
    double[] value = {1.0};
    double[] grad = {1.0};
    ParameterSet set = new ParameterSet(
        List.of(Parameter.ofDoubles("x", new int[] {1}, false, true, value, grad)));
    opt.step(set);
    opt.learningRate(0.01);
    assertEquals(0.01, opt.learningRate());
    opt.step(set);
    assertEquals(0.89, value[0], 1e-15);
    assertThrows(IllegalArgumentException.class, () -> opt.learningRate(-1));
    assertThrows(IllegalArgumentException.class, () -> opt.learningRate(Double.NaN));
  }

  @Test
  void frozenParametersAreLeftAlone() {
    double[] frozen = {0.25, -0.5};
    double[] frozenGrad = {1, 1};
    double[] live = {1};
    double[] liveGrad = {1};
    ParameterSet set = new ParameterSet(List.of(
        Parameter.ofDoubles("layer.p", new int[] {2}, false, false, frozen, frozenGrad),
        Parameter.ofDoubles("layer.bias", new int[] {1}, false, true, live, liveGrad)));
    for (Supplier<Optimizer> make : allKinds()) {
      Optimizer opt = make.get();
      opt.step(set);
      assertArrayEquals(new double[] {0.25, -0.5}, frozen, 0.0, opt.toString());
    }
    assertTrue(live[0] < 1);
  }

  // ---- float path ---------------------------------------------------------------------------

  private static List<Supplier<Optimizer>> allKinds() {
    List<Supplier<Optimizer>> kinds = new ArrayList<>();
    kinds.add(() -> Optimizers.sgd(0.05));
    kinds.add(() -> Optimizers.sgd(0.05, 0.9, 0.1, 1e-3, false));
    kinds.add(() -> Optimizers.sgd(0.05, 0.9, 0, 1e-3, true));
    kinds.add(() -> Optimizers.adam(1e-2, 0.9, 0.999, 1e-8, 1e-3));
    kinds.add(() -> Optimizers.adamW(1e-2));
    kinds.add(() -> Optimizers.rmsprop(1e-2));
    kinds.add(() -> Optimizers.rmsprop(1e-2, 0.9, 1e-8, 1e-3, 0.9, true));
    return kinds;
  }

  /**
   * Every variant's float loop follows its double loop to float accuracy over several steps
   * (the golden data only covers the default variants): same formula, same state slots.
   */
  @Test
  void floatLoopsFollowDoubleLoops() {
    int n = 1537;
    for (Supplier<Optimizer> make : allKinds()) {
      DitherRandom rng = new DitherRandom(7);
      double[] dv = new double[n];
      float[] fv = new float[n];
      for (int i = 0; i < n; i++) {
        fv[i] = (float) rng.nextGaussian();
        dv[i] = fv[i];
      }
      double[] dg = new double[n];
      float[] fg = new float[n];
      ParameterSet doubles = new ParameterSet(
          List.of(Parameter.ofDoubles("w", new int[] {n}, false, true, dv, dg)));
      ParameterSet floats = new ParameterSet(
          List.of(Parameter.ofFloats("w", new int[] {n}, false, true, fv, fg)));
      Optimizer od = make.get();
      Optimizer of = make.get();
      for (int step = 0; step < 5; step++) {
        for (int i = 0; i < n; i++) {
          fg[i] = (float) rng.nextGaussian();
          dg[i] = fg[i];
        }
        od.step(doubles);
        of.step(floats);
      }
      for (int i = 0; i < n; i++) {
        assertEquals(dv[i], fv[i], 1e-5 * Math.max(1, Math.abs(dv[i])), od + " at " + i);
      }
    }
  }

  // ---- allocation ---------------------------------------------------------------------------

  /**
   * After the first step, which allocates the state, stepping allocates nothing. The JIT itself
   * occasionally allocates a few hundred bytes on the running thread while it compiles or
   * deoptimizes the loop (with -Xint the first window after the first step is already clean),
   * so each optimizer gets a few windows of 1000 steps and one of them must allocate exactly
   * nothing; an allocation in our code would recur in every step and so in every window.
   */
  @Test
  void stepsAfterTheFirstAllocateNothing() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    if (!(bean instanceof com.sun.management.ThreadMXBean)) {
      return; // not measurable on this JVM
    }
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    long thread = Thread.currentThread().getId();
    int n = 1027;
    ParameterSet set = new ParameterSet(List.of(
        Parameter.ofDoubles("a.weight", new int[] {n}, false, true, new double[n], filled(n)),
        Parameter.ofFloats("b.weight", new int[] {n}, false, true, new float[n], filledF(n)),
        Parameter.ofDoubles("a.p", new int[] {3}, false, false, new double[3], new double[3])));
    for (Supplier<Optimizer> make : allKinds()) {
      Optimizer opt = make.get();
      opt.step(set); // allocates the state
      long[] windows = new long[5];
      boolean clean = false;
      for (int w = 0; w < windows.length && !clean; w++) {
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 1000; i++) {
          opt.step(set);
        }
        windows[w] = threads.getThreadAllocatedBytes(thread) - before;
        clean = windows[w] == 0;
      }
      if (!clean) {
        fail(opt + " allocated in every window of 1000 steps after the first: bytes "
            + Arrays.toString(windows));
      }
    }
  }

  private static double[] filled(int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = 1e-3 * (i % 17 - 8);
    }
    return a;
  }

  private static float[] filledF(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = 1e-3f * (i % 17 - 8);
    }
    return a;
  }

  // ---- misuse -------------------------------------------------------------------------------

  @Test
  void argumentsAreCheckedAsInPytorch() {
    assertMessage(() -> Optimizers.sgd(-0.1), "lr", "-0.1");
    assertMessage(() -> Optimizers.sgd(0.1, -0.9), "momentum", "-0.9");
    assertMessage(() -> Optimizers.sgd(0.1, 0, 0, 0, true), "nesterov", "momentum = 0.0");
    assertMessage(() -> Optimizers.sgd(0.1, 0.9, 0.1, 0, true), "nesterov", "dampening = 0.1");
    assertMessage(() -> Optimizers.adam(0.1, 1.0, 0.999, 1e-8, 0), "beta1", "[0, 1)");
    assertMessage(() -> Optimizers.adamW(0.1, 0.9, Double.NaN, 1e-8, 0), "beta2", "NaN");
    assertMessage(() -> Optimizers.adam(0.1, 0.9, 0.999, -1e-8, 0), "eps", "-1.0E-8");
    assertMessage(() -> Optimizers.adamW(0.1, 0.9, 0.999, 1e-8, -0.01), "weight_decay", "-0.01");
    assertMessage(() -> Optimizers.rmsprop(0.1, -0.99, 1e-8, 0, 0, false), "alpha", "-0.99");
    assertMessage(() -> Optimizers.rmsprop(Double.POSITIVE_INFINITY), "lr", "Infinity");
  }

  @Test
  void anOptimizerBelongsToOneNetwork() {
    Optimizer opt = Optimizers.adam(0.1);
    opt.step(new ParameterSet(List.of(
        Parameter.ofDoubles("x", new int[] {1}, false, true, new double[1], new double[1]))));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> opt.step(new ParameterSet(List.of(
            Parameter.ofDoubles("x", new int[] {2}, false, true, new double[2], new double[2])))));
    assertTrue(e.getMessage().contains("'x'"), e.getMessage());
  }

  @Test
  void toStringUsesPytorchNames() {
    assertEquals("SGD(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=true)",
        Optimizers.sgd(0.1, 0.9, 0, 0, true).toString());
    assertEquals("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01)",
        Optimizers.adamW(1e-3).toString());
    assertEquals("Adam(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0)",
        Optimizers.adam(1e-3).toString());
    assertEquals("RMSprop(lr=0.01, alpha=0.99, eps=1.0E-8, weight_decay=0.0, momentum=0.0,"
        + " centered=false)", Optimizers.rmsprop(0.01).toString());
  }

  private static void assertMessage(Runnable r, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should mention " + f);
    }
  }

  private static void assertClose(double[] expected, double[] actual, double relative,
      String what) {
    assertEquals(expected.length, actual.length, what);
    for (int i = 0; i < expected.length; i++) {
      double tolerance = relative * Math.abs(expected[i]);
      if (!(Math.abs(actual[i] - expected[i]) <= tolerance)) {
        fail(what + ": element " + i + " expected " + expected[i] + " got " + actual[i]
            + " (relative error " + Math.abs(actual[i] - expected[i]) / Math.abs(expected[i])
            + ")");
      }
    }
  }
}
