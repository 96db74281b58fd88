package dev.dither.bench.experiments;

import java.util.SplittableRandom;

/**
 * What one tanh costs on this JDK, against the sigmoid the generated code computes with
 * {@code Math.exp}, and against tanh written with {@code Math.exp}: per call, over the 12,800
 * values a {@code SoftLstm} forward pass needs per example (candidate and cell output, 50 steps of
 * 128 units), drawn U(−3, 3). JDK 17's {@code Math.tanh} is not a JIT intrinsic: it calls
 * {@code StrictMath.tanh}, native fdlibm code. Also prints the largest difference, in float ulps,
 * between the exp-based tanh rounded to float and {@code (float) Math.tanh}, over 10⁷ values
 * U(−20, 20) and 10⁶ values U(−10⁻³, 10⁻³). Usage: {@code java -cp bench/target/benchmarks.jar
 * dev.dither.bench.experiments.TanhTimer}.
 */
public final class TanhTimer {
  private TanhTimer() {}

  /** tanh(x) = 1 − 2 / (e^{2x} + 1), with tanh(x) = x below 2^-12 where x³/3 is below half a float ulp. */
  static float tanhViaExp(float x) {
    if (Math.abs(x) < 0x1p-12f) {
      return x;
    }
    return (float) (1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0));
  }

  public static void main(String[] args) {
    SplittableRandom random = new SplittableRandom(1);
    float[] x = new float[12_800];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextDouble(-3, 3);
    }
    float[] y = new float[x.length];
    int reps = 400;
    for (int round = 0; round < 6; round++) {
      long t0 = System.nanoTime();
      for (int k = 0; k < reps; k++) {
        for (int i = 0; i < x.length; i++) {
          y[i] = (float) Math.tanh(x[i]);
        }
      }
      long t1 = System.nanoTime();
      for (int k = 0; k < reps; k++) {
        for (int i = 0; i < x.length; i++) {
          y[i] = (float) (1.0 / (1.0 + Math.exp(-x[i])));
        }
      }
      long t2 = System.nanoTime();
      for (int k = 0; k < reps; k++) {
        for (int i = 0; i < x.length; i++) {
          y[i] = tanhViaExp(x[i]);
        }
      }
      long t3 = System.nanoTime();
      double calls = (double) reps * x.length;
      System.out.printf("round %d: Math.tanh %.1f ns, sigmoid via Math.exp %.1f ns, tanh via Math.exp %.1f ns per call%n",
          round, (t1 - t0) / calls, (t2 - t1) / calls, (t3 - t2) / calls);
    }
    int worst = 0;
    for (int i = 0; i < 11_000_000; i++) {
      float v = (float) (i < 10_000_000 ? random.nextDouble(-20, 20) : random.nextDouble(-1e-3, 1e-3));
      float expected = (float) Math.tanh(v);
      float actual = tanhViaExp(v);
      worst = Math.max(worst, Math.abs(Float.floatToIntBits(expected) - Float.floatToIntBits(actual)));
    }
    System.out.printf("largest difference from (float) Math.tanh: %d float ulp(s)%n", worst);
    if (y[0] == 12345) {
      System.out.println();
    }
  }
}
