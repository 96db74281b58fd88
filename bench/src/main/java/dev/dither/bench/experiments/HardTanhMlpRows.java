package dev.dither.bench.experiments;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.runtime.Checks;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import dev.dither.runtime.ParameterSet;
import java.util.List;

/**
 * Experiment, not product code: {@code HardTanhMlpModel} as Dither generates it, with the inner
 * loops rewritten so that C2 on JDK 17 vectorises them. Same weight layout (flat, input-major,
 * exposed through the same {@link ParameterSet}), same loop order, same zero-input skipping,
 * same checks, same optimizer, same arithmetic per element; only two things change:
 *
 * <ol>
 *   <li>The per-example buffers (pre-activations, activations, deltas) are one {@code float[]}
 *       per example ({@code float[batch][units]}) instead of one flat {@code float[batch * units]}.
 *   <li>A weight row is copied ({@link System#arraycopy}) into a scratch row before the loops
 *       that read it, and a weight-gradient row is accumulated in a scratch row and then copied
 *       into the flat gradient.
 * </ol>
 *
 * Why: C2's SuperWord (JDK 17) only packs memory accesses of one loop whose addresses have the
 * same loop-invariant part. {@code z[zo + o] += xi * w[row + o]} mixes invariants {@code zo}
 * and {@code row}, so the generated loop runs scalar; {@code z[o] += xi * wRow[o]} has none and
 * runs as AVX vectors.
 *
 * <p>With {@code fusedSgd} the training step also applies plain SGD inside the backward pass
 * (each layer's input gradient is propagated first, then its weights are updated row by row)
 * instead of materialising the gradients and calling the optimizer: rows of the first layer
 * whose input is zero in every example of the batch are then not touched at all. The gradient
 * arrays are left stale in that mode.
 *
 * <p>With {@code transposedPropagate} the input gradient is computed from a transposed copy of
 * the weights at batch sizes of 8 or more (see {@link #propagate}).
 */
public final class HardTanhMlpRows {
  private static final String NETWORK = "HardTanhMlp";
  private static final int IN = 784;
  private static final int H1 = 256;
  private static final int H2 = 256;
  private static final int OUT = 10;
  private static final float LR = 0.01f;

  private final float[] w1 = new float[IN * H1];
  private final float[] dw1 = new float[IN * H1];
  private final float[] b1 = new float[H1];
  private final float[] db1 = new float[H1];
  private final float[] w2 = new float[H1 * H2];
  private final float[] dw2 = new float[H1 * H2];
  private final float[] b2 = new float[H2];
  private final float[] db2 = new float[H2];
  private final float[] w3 = new float[H2 * OUT];
  private final float[] dw3 = new float[H2 * OUT];
  private final float[] b3 = new float[OUT];
  private final float[] db3 = new float[OUT];

  private final ParameterSet parameters;
  private final Optimizer optimizer = Optimizers.sgd(0.01);
  private final boolean fusedSgd;
  private final boolean transposedPropagate;
  /** Scratch transposes ({@code [units][inputs]}) of w2 and w3 for the transposed propagate. */
  private final float[][] wt2 = new float[H2][H1];
  private final float[][] wt3 = new float[OUT][H2];

  private final float[] rowA = new float[Math.max(H1, H2)];
  private final float[] rowB = new float[Math.max(H1, H2)];

  private float[][] pre1 = new float[0][];
  private float[][] out1 = new float[0][];
  private float[][] delta1 = new float[0][];
  private float[][] pre2 = new float[0][];
  private float[][] out2 = new float[0][];
  private float[][] delta2 = new float[0][];
  private float[][] pre3 = new float[0][];
  private float[][] delta3 = new float[0][];
  private int capacity;

  /** A copy of {@code model}'s current parameters. */
  public HardTanhMlpRows(HardTanhMlpModel model, boolean fusedSgd, boolean transposedPropagate) {
    this.fusedSgd = fusedSgd;
    this.transposedPropagate = transposedPropagate;
    this.parameters = new ParameterSet(List.of(
        Parameter.ofFloats("hidden1.weight", new int[] {IN, H1}, true, true, w1, dw1),
        Parameter.ofFloats("hidden1.bias", new int[] {H1}, false, true, b1, db1),
        Parameter.ofFloats("hidden2.weight", new int[] {H1, H2}, true, true, w2, dw2),
        Parameter.ofFloats("hidden2.bias", new int[] {H2}, false, true, b2, db2),
        Parameter.ofFloats("logits.weight", new int[] {H2, OUT}, true, true, w3, dw3),
        Parameter.ofFloats("logits.bias", new int[] {OUT}, false, true, b3, db3)));
    for (int k = 0; k < parameters.count(); k++) {
      float[] from = model.parameters().get(parameters.get(k).name()).floatValues();
      System.arraycopy(from, 0, parameters.get(k).floatValues(), 0, from.length);
    }
  }

  public ParameterSet parameters() {
    return parameters;
  }

  public double trainStep(float[] inputs, int[] labels) {
    final int batch = Checks.batchOf(NETWORK, "logits", labels.length, 1);
    Checks.labels(NETWORK, "logits", labels, OUT);
    Checks.length(NETWORK, "pixels", batch, IN, inputs.length);
    Checks.finite(NETWORK, "pixels", inputs, IN);
    forward(inputs, batch);
    final double value = softmaxCrossEntropy(labels, batch);
    if (!Double.isFinite(value)) {
      throw new IllegalStateException("non-finite loss");
    }
    if (fusedSgd) {
      propagate(w3, wt3, H2, OUT, delta3, delta2, batch);
      hardTanhBackward(pre2, delta2, H2, batch);
      updateRows(out2, null, H2, OUT, delta3, w3, b3, batch);
      propagate(w2, wt2, H1, H2, delta2, delta1, batch);
      hardTanhBackward(pre1, delta1, H1, batch);
      updateRows(out1, null, H1, H2, delta2, w2, b2, batch);
      updateRows(null, inputs, IN, H1, delta1, w1, b1, batch);
    } else {
      gradients(out2, null, H2, OUT, delta3, dw3, db3, batch);
      propagate(w3, wt3, H2, OUT, delta3, delta2, batch);
      hardTanhBackward(pre2, delta2, H2, batch);
      gradients(out1, null, H1, H2, delta2, dw2, db2, batch);
      propagate(w2, wt2, H1, H2, delta2, delta1, batch);
      hardTanhBackward(pre1, delta1, H1, batch);
      gradients(null, inputs, IN, H1, delta1, dw1, db1, batch);
      optimizer.step(parameters);
    }
    return value;
  }

  public void infer(float[] inputs, float[] outputs) {
    final int batch = Checks.batchOf(NETWORK, "pixels", inputs.length, IN);
    Checks.length(NETWORK, "logits", batch, OUT, outputs.length);
    Checks.finite(NETWORK, "pixels", inputs, IN);
    forward(inputs, batch);
    for (int n = 0; n < batch; n++) {
      System.arraycopy(pre3[n], 0, outputs, n * OUT, OUT);
    }
  }

  private void forward(float[] inputs, int batch) {
    ensureCapacity(batch);
    linear(null, inputs, IN, H1, w1, b1, pre1, batch);
    hardTanh(pre1, out1, H1, batch);
    linear(out1, null, H1, H2, w2, b2, pre2, batch);
    hardTanh(pre2, out2, H2, batch);
    linear(out2, null, H2, OUT, w3, b3, pre3, batch);
  }

  /** x(n, i): from the rows, or from the caller's flat input array. */
  private static float input(float[][] rows, float[] flat, int in, int n, int i) {
    return rows != null ? rows[n][i] : flat[n * in + i];
  }

  /** z = x W + b, input-major W, skipping zero inputs; the weight row goes through a scratch row. */
  private void linear(float[][] xRows, float[] xFlat, int in, int units, float[] w, float[] b,
      float[][] z, int batch) {
    final float[] wRow = rowA;
    for (int n = 0; n < batch; n++) {
      System.arraycopy(b, 0, z[n], 0, units);
    }
    for (int i = 0; i < in; i++) {
      boolean loaded = false;
      for (int n = 0; n < batch; n++) {
        final float xi = input(xRows, xFlat, in, n, i);
        if (xi != 0.0f) {
          if (!loaded) {
            System.arraycopy(w, i * units, wRow, 0, units);
            loaded = true;
          }
          final float[] zr = z[n];
          for (int o = 0; o < units; o++) {
            zr[o] += xi * wRow[o];
          }
        }
      }
    }
  }

  private static void hardTanh(float[][] z, float[][] y, int units, int batch) {
    for (int n = 0; n < batch; n++) {
      final float[] zr = z[n];
      final float[] yr = y[n];
      for (int o = 0; o < units; o++) {
        yr[o] = Math.max(-1.0f, Math.min(1.0f, zr[o]));
      }
    }
  }

  private static void hardTanhBackward(float[][] z, float[][] d, int units, int batch) {
    for (int n = 0; n < batch; n++) {
      final float[] zr = z[n];
      final float[] dr = d[n];
      for (int o = 0; o < units; o++) {
        dr[o] *= (Math.abs(zr[o]) <= 1.0f ? 1.0f : 0.0f);
      }
    }
  }

  /** dW = xᵀ Delta (row i accumulated in a scratch row, then copied), db = Σ Delta. */
  private void gradients(float[][] xRows, float[] xFlat, int in, int units, float[][] d,
      float[] dw, float[] db, int batch) {
    System.arraycopy(d[0], 0, db, 0, units);
    for (int n = 1; n < batch; n++) {
      final float[] dr = d[n];
      for (int o = 0; o < units; o++) {
        db[o] += dr[o];
      }
    }
    final float[] acc = rowA;
    final float[] d0 = d[0];
    for (int i = 0; i < in; i++) {
      final float x0 = input(xRows, xFlat, in, 0, i);
      for (int o = 0; o < units; o++) {
        acc[o] = x0 * d0[o];
      }
      for (int n = 1; n < batch; n++) {
        final float xi = input(xRows, xFlat, in, n, i);
        if (xi != 0.0f) {
          final float[] dr = d[n];
          for (int o = 0; o < units; o++) {
            acc[o] += xi * dr[o];
          }
        }
      }
      System.arraycopy(acc, 0, dw, i * units, units);
    }
  }

  /**
   * Fused plain SGD: W[i] -= lr · Σ_n x(n, i) Delta[n], b -= lr · Σ_n Delta[n]; rows with a
   * zero input in every example are skipped (their gradient is zero).
   */
  private void updateRows(float[][] xRows, float[] xFlat, int in, int units, float[][] d,
      float[] w, float[] b, int batch) {
    final float[] acc = rowA;
    final float[] wRow = rowB;
    System.arraycopy(d[0], 0, acc, 0, units);
    for (int n = 1; n < batch; n++) {
      final float[] dr = d[n];
      for (int o = 0; o < units; o++) {
        acc[o] += dr[o];
      }
    }
    for (int o = 0; o < units; o++) {
      b[o] -= LR * acc[o];
    }
    for (int i = 0; i < in; i++) {
      boolean any = false;
      for (int n = 0; n < batch; n++) {
        final float xi = input(xRows, xFlat, in, n, i);
        if (xi != 0.0f) {
          final float[] dr = d[n];
          if (!any) {
            for (int o = 0; o < units; o++) {
              acc[o] = xi * dr[o];
            }
            any = true;
          } else {
            for (int o = 0; o < units; o++) {
              acc[o] += xi * dr[o];
            }
          }
        }
      }
      if (any) {
        System.arraycopy(w, i * units, wRow, 0, units);
        for (int o = 0; o < units; o++) {
          wRow[o] -= LR * acc[o];
        }
        System.arraycopy(wRow, 0, w, i * units, units);
      }
    }
  }

  /**
   * t = Delta Wᵀ. As generated: a dot product with four partial sums per (i, n), which is a
   * reduction and runs scalar. With {@code transposedPropagate} and a batch of at least 8, W is
   * first transposed into {@code wt} ({@code [units][inputs]}, one array per row) and t is
   * accumulated row by row, t[n] += Delta[n][o] · Wᵀ[o], which vectorises, skipping the zero
   * deltas of saturated units; the transpose costs one pass over W per step.
   */
  private void propagate(float[] w, float[][] wt, int in, int units, float[][] d, float[][] t,
      int batch) {
    if (transposedPropagate && batch >= 8) {
      for (int i = 0; i < in; i++) {
        final int row = i * units;
        for (int o = 0; o < units; o++) {
          wt[o][i] = w[row + o];
        }
      }
      for (int n = 0; n < batch; n++) {
        final float[] tr = t[n];
        final float[] dr = d[n];
        java.util.Arrays.fill(tr, 0, in, 0.0f);
        for (int o = 0; o < units; o++) {
          final float g = dr[o];
          if (g != 0.0f) {
            final float[] wr = wt[o];
            for (int i = 0; i < in; i++) {
              tr[i] += g * wr[i];
            }
          }
        }
      }
      return;
    }
    final int blocked = units / 4 * 4;
    for (int i = 0; i < in; i++) {
      final int row = i * units;
      for (int n = 0; n < batch; n++) {
        final float[] dr = d[n];
        float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
        for (int o = 0; o < blocked; o += 4) {
          s0 += w[row + o] * dr[o];
          s1 += w[row + o + 1] * dr[o + 1];
          s2 += w[row + o + 2] * dr[o + 2];
          s3 += w[row + o + 3] * dr[o + 3];
        }
        for (int o = blocked; o < units; o++) {
          s0 += w[row + o] * dr[o];
        }
        t[n][i] = (s0 + s1) + (s2 + s3);
      }
    }
  }

  private double softmaxCrossEntropy(int[] labels, int batch) {
    final double scale = 1.0 / batch;
    double total = 0;
    for (int n = 0; n < batch; n++) {
      final float[] z = pre3[n];
      final float[] d = delta3[n];
      double max = z[0];
      for (int k = 1; k < OUT; k++) {
        max = Math.max(max, z[k]);
      }
      double sum = 0;
      for (int k = 0; k < OUT; k++) {
        sum += Math.exp(z[k] - max);
      }
      final double logSum = max + Math.log(sum);
      total += logSum - z[labels[n]];
      for (int k = 0; k < OUT; k++) {
        d[k] = (float) (Math.exp(z[k] - logSum) * scale);
      }
      d[labels[n]] -= (float) scale;
    }
    return total * scale;
  }

  private void ensureCapacity(int batch) {
    if (batch <= capacity) {
      return;
    }
    pre1 = new float[batch][H1];
    out1 = new float[batch][H1];
    delta1 = new float[batch][H1];
    pre2 = new float[batch][H2];
    out2 = new float[batch][H2];
    delta2 = new float[batch][H2];
    pre3 = new float[batch][OUT];
    delta3 = new float[batch][OUT];
    capacity = batch;
  }
}
