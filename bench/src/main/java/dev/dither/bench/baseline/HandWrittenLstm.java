package dev.dither.bench.baseline;

import dev.dither.runtime.NoiseSource;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The LSTM benchmark's baseline: a sequence classifier written by hand the usual way, with
 * nothing known at compile time. One LSTM layer reads {@code steps} vectors of {@code inputs}
 * values per example (example-major, {@code [batch][steps][inputs]}); the hidden state after the
 * last step feeds a linear layer of {@code classes} logits and a softmax cross-entropy loss (mean
 * over the batch); training is backpropagation through time and plain SGD.
 *
 * <p>Parameters are flat {@code float[]} in PyTorch's layout: {@code W_ih [4H][inputs]},
 * {@code W_hh [4H][H]}, {@code b_ih}, {@code b_hh [4H]}, gate blocks in PyTorch's order i, f, g, o,
 * and the output layer {@code W [classes][H]}, {@code b [classes]}. Each pre-activation is a dot
 * product of a weight row (one accumulator); the gradients are accumulated one weight row at a
 * time ({@code dW[r][:] += d[r] · x[:]}), and dL/dh_{t-1} as {@code Σ_r d[r] · W_hh[r][:]}.
 *
 * <p>Two cells:
 * <ul>
 *   <li>{@link #soft}: PyTorch's, {@code i, f, o = sigmoid}, {@code g = tanh},
 *       {@code c_t = f c_{t-1} + i g}, {@code h_t = o tanh(c_t)};
 *   <li>{@link #nah}: every site noisy (Gulcehre et al. 2016, Algorithm 1): i, f, o hard-sigmoid
 *       (h(x) = clip(0.25x + 0.5, 0, 1), u(x) = 0.25x + 0.5), g and the cell output hard-tanh
 *       (h(x) = clip(x, −1, 1), u(x) = x), each site computing
 *       <pre>
 *   φ(x) = α h(x) + (1 − α) u(x) + d(x) σ(x) |ξ|,   Δ = h(x) − u(x),
 *   σ(x) = c (sigmoid(p Δ) − 1/2)²,                  d(x) = −sgn(x) sgn(1 − α),  sgn(0) = 1,
 *       </pre>
 *       with a learned p per stacked gate unit ({@code p_gates [4H]}) and per cell unit
 *       ({@code p_cell [H]}), and at test time |ξ| replaced by E|ξ| = sqrt(2/π). Where a site is
 *       not saturated Δ = 0, so σ = 0 and the sigmoid is skipped.
 * </ul>
 *
 * <p>The noise ξ is drawn with two {@link NoiseSource#fill} calls per training step, at the
 * addresses the generated networks use: the gates at site 0 with {@code steps × 4H} units per
 * example laid out {@code [t][gate unit]}, the cell output at site 1 with {@code steps × H}, both
 * from the running example index.
 *
 * <p>Not thread-safe. Buffers grow to the largest batch seen; after that nothing is allocated.
 */
public final class HandWrittenLstm {
  private static final float HALF_NORMAL_MEAN = (float) Math.sqrt(2.0 / Math.PI);

  private final int inputs;
  private final int hidden;
  private final int gates;
  private final int steps;
  private final int classes;
  private final float learningRate;

  private final float[] weightIh;
  private final float[] weightIhGrad;
  private final float[] weightHh;
  private final float[] weightHhGrad;
  private final float[] biasIh;
  private final float[] biasIhGrad;
  private final float[] biasHh;
  private final float[] biasHhGrad;
  private final float[] outWeight;
  private final float[] outWeightGrad;
  private final float[] outBias;
  private final float[] outBiasGrad;

  private final boolean noisy;
  private final float alpha;
  private final float oneMinusAlpha;
  private final float c;
  /** −sgn(1 − α): d(x) is this for x ≥ 0 and its negation for x &lt; 0. */
  private final float directionForPositive;
  private final float[] pGates;
  private final float[] pGatesGrad;
  private final float[] pCell;
  private final float[] pCellGrad;
  private NoiseSource noise;
  private long examplesSeen;

  // Per-example buffers, [batch][steps][width].
  private float[] pre = new float[0];
  private float[] act = new float[0];
  private float[] xiGates = new float[0];
  private float[] cell = new float[0];
  private float[] cellAct = new float[0];
  private float[] xiCell = new float[0];
  private float[] state = new float[0];
  // [batch][width]
  private float[] logits = new float[0];
  private float[] dLogits = new float[0];
  private float[] dOut = new float[0];
  private float[] dhNext = new float[0];
  private float[] dcNext = new float[0];
  // One example at one step.
  private final float[] dGates;
  private final float[] dh;
  private int capacity;

  private HandWrittenLstm(int inputs, int hidden, int steps, int classes, float learningRate,
      boolean noisy, double alpha, double c, NoiseSource noise, long seed) {
    if (inputs <= 0 || hidden <= 0 || steps <= 0 || classes <= 0) {
      throw new IllegalArgumentException("sizes must be positive");
    }
    this.inputs = inputs;
    this.hidden = hidden;
    this.gates = 4 * hidden;
    this.steps = steps;
    this.classes = classes;
    this.learningRate = learningRate;
    this.noisy = noisy;
    this.alpha = (float) alpha;
    this.oneMinusAlpha = (float) (1 - alpha);
    this.c = (float) c;
    this.directionForPositive = (1 - alpha) >= 0 ? -1f : 1f;
    this.noise = noise;
    weightIh = new float[gates * inputs];
    weightIhGrad = new float[gates * inputs];
    weightHh = new float[gates * hidden];
    weightHhGrad = new float[gates * hidden];
    biasIh = new float[gates];
    biasIhGrad = new float[gates];
    biasHh = new float[gates];
    biasHhGrad = new float[gates];
    outWeight = new float[classes * hidden];
    outWeightGrad = new float[classes * hidden];
    outBias = new float[classes];
    outBiasGrad = new float[classes];
    pGates = noisy ? new float[gates] : null;
    pGatesGrad = noisy ? new float[gates] : null;
    pCell = noisy ? new float[hidden] : null;
    pCellGrad = noisy ? new float[hidden] : null;
    dGates = new float[gates];
    dh = new float[hidden];
    // PyTorch's defaults: U(-1/sqrt(H), 1/sqrt(H)) for the LSTM, nn.Linear's for the output layer;
    // p U[-1, 1] as in the paper.
    SplittableRandom random = new SplittableRandom(seed);
    double bound = 1 / Math.sqrt(hidden);
    for (float[] a : new float[][] {weightIh, weightHh, biasIh, biasHh, outWeight, outBias}) {
      for (int i = 0; i < a.length; i++) {
        a[i] = (float) random.nextDouble(-bound, bound);
      }
    }
    if (noisy) {
      for (float[] a : new float[][] {pGates, pCell}) {
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) random.nextDouble(-1, 1);
        }
      }
    }
  }

  /** PyTorch's LSTM cell (sigmoid gates, tanh candidate and cell output). */
  public static HandWrittenLstm soft(int inputs, int hidden, int steps, int classes,
      double learningRate, long seed) {
    return new HandWrittenLstm(inputs, hidden, steps, classes, (float) learningRate, false, 1, 0,
        null, seed);
  }

  /** Every site hard and noisy with NAH noise drawn from {@code noise}. */
  public static HandWrittenLstm nah(int inputs, int hidden, int steps, int classes,
      double learningRate, double alpha, double c, NoiseSource noise, long seed) {
    if (noise == null) {
      throw new IllegalArgumentException("NAH needs a noise source");
    }
    return new HandWrittenLstm(inputs, hidden, steps, classes, (float) learningRate, true, alpha, c,
        noise, seed);
  }

  // ---- public API ----

  /** One SGD step on a mini-batch; returns the mean loss before the update. */
  public double trainStep(float[] x, int[] labels) {
    int batch = checkBatch(x, labels);
    forward(x, batch, true);
    double loss = softmaxCrossEntropy(labels, batch);
    backward(x, batch);
    update();
    examplesSeen += batch;
    return loss;
  }

  /** Forward with the next step's noise and backward, leaving the gradients; no update. */
  public double gradients(float[] x, int[] labels) {
    int batch = checkBatch(x, labels);
    forward(x, batch, true);
    double loss = softmaxCrossEntropy(labels, batch);
    backward(x, batch);
    return loss;
  }

  /** Evaluation-mode forward pass (no noise sample); writes the logits into {@code outputs}. */
  public void infer(float[] x, float[] outputs) {
    int batch = x.length / (steps * inputs);
    if (batch == 0 || batch * steps * inputs != x.length || outputs.length != batch * classes) {
      throw new IllegalArgumentException("bad input or output length");
    }
    forward(x, batch, false);
    System.arraycopy(logits, 0, outputs, 0, batch * classes);
  }

  public long examplesSeen() {
    return examplesSeen;
  }

  public HandWrittenLstm noiseSource(NoiseSource noise) {
    this.noise = noise;
    return this;
  }

  /** Live {@code W_ih}, {@code [4H][inputs]} (PyTorch's layout). */
  public float[] weightIh() {
    return weightIh;
  }

  public float[] weightIhGrad() {
    return weightIhGrad;
  }

  /** Live {@code W_hh}, {@code [4H][H]}. */
  public float[] weightHh() {
    return weightHh;
  }

  public float[] weightHhGrad() {
    return weightHhGrad;
  }

  public float[] biasIh() {
    return biasIh;
  }

  public float[] biasIhGrad() {
    return biasIhGrad;
  }

  public float[] biasHh() {
    return biasHh;
  }

  public float[] biasHhGrad() {
    return biasHhGrad;
  }

  /** Live output weights, {@code [classes][H]}. */
  public float[] outWeight() {
    return outWeight;
  }

  public float[] outWeightGrad() {
    return outWeightGrad;
  }

  public float[] outBias() {
    return outBias;
  }

  public float[] outBiasGrad() {
    return outBiasGrad;
  }

  /** p of the gate sites, {@code [4H]}, or null without noise. */
  public float[] pGates() {
    return pGates;
  }

  public float[] pGatesGrad() {
    return pGatesGrad;
  }

  /** p of the cell output site, {@code [H]}, or null without noise. */
  public float[] pCell() {
    return pCell;
  }

  public float[] pCellGrad() {
    return pCellGrad;
  }

  /**
   * The gate pre-activations of the last forward pass, {@code [batch][steps][4H]} (live buffer,
   * possibly longer than the last batch needed).
   */
  public float[] gatePreActivations() {
    return pre;
  }

  /** The cell states c_t of the last forward pass, {@code [batch][steps][H]} (live buffer). */
  public float[] cellStates() {
    return cell;
  }

  // ---- forward ----

  private int checkBatch(float[] x, int[] labels) {
    int batch = labels.length;
    if (batch == 0 || x.length != batch * steps * inputs) {
      throw new IllegalArgumentException("expected " + steps * inputs + " inputs per label");
    }
    return batch;
  }

  private void forward(float[] x, int batch, boolean training) {
    ensureCapacity(batch);
    if (training && noisy) {
      noise.fill(0, examplesSeen, batch, steps * gates, xiGates);
      noise.fill(1, examplesSeen, batch, steps * hidden, xiCell);
    }
    for (int t = 0; t < steps; t++) {
      for (int n = 0; n < batch; n++) {
        int xo = (n * steps + t) * inputs;
        int go = (n * steps + t) * gates;
        int ho = (n * steps + t) * hidden;
        int hPrev = ho - hidden;
        // Pre-activations: b_ih + b_hh + W_ih x_t + W_hh h_{t-1} (h_{-1} = 0).
        for (int r = 0; r < gates; r++) {
          float sum = 0;
          int row = r * inputs;
          for (int i = 0; i < inputs; i++) {
            sum += weightIh[row + i] * x[xo + i];
          }
          if (t > 0) {
            int rowH = r * hidden;
            for (int k = 0; k < hidden; k++) {
              sum += weightHh[rowH + k] * state[hPrev + k];
            }
          }
          pre[go + r] = sum + biasIh[r] + biasHh[r];
        }
        // Gates, then the cell.
        if (noisy) {
          for (int r = 0; r < gates; r++) {
            boolean candidate = r >= 2 * hidden && r < 3 * hidden;
            float eps = training ? Math.abs(xiGates[go + r]) : HALF_NORMAL_MEAN;
            act[go + r] = candidate ? nahTanh(pre[go + r], pGates[r], eps)
                : nahSigmoid(pre[go + r], pGates[r], eps);
          }
        } else {
          for (int r = 0; r < gates; r++) {
            float z = pre[go + r];
            boolean candidate = r >= 2 * hidden && r < 3 * hidden;
            act[go + r] = candidate ? (float) Math.tanh(z) : (float) (1.0 / (1.0 + Math.exp(-z)));
          }
        }
        for (int k = 0; k < hidden; k++) {
          float in = act[go + k];
          float forget = act[go + hidden + k];
          float cand = act[go + 2 * hidden + k];
          float out = act[go + 3 * hidden + k];
          float cPrev = t > 0 ? cell[hPrev + k] : 0f;
          float ct = forget * cPrev + in * cand;
          cell[ho + k] = ct;
          float tc;
          if (noisy) {
            tc = nahTanh(ct, pCell[k], training ? Math.abs(xiCell[ho + k]) : HALF_NORMAL_MEAN);
          } else {
            tc = (float) Math.tanh(ct);
          }
          cellAct[ho + k] = tc;
          state[ho + k] = out * tc;
        }
      }
    }
    // Output layer on the last state.
    for (int n = 0; n < batch; n++) {
      int ho = (n * steps + steps - 1) * hidden;
      for (int o = 0; o < classes; o++) {
        float sum = 0;
        int row = o * hidden;
        for (int k = 0; k < hidden; k++) {
          sum += outWeight[row + k] * state[ho + k];
        }
        logits[n * classes + o] = sum + outBias[o];
      }
    }
  }

  /** NAH on the hard sigmoid clip(0.25x + 0.5, 0, 1). */
  private float nahSigmoid(float x, float p, float eps) {
    float u = 0.25f * x + 0.5f;
    float h = Math.max(0f, Math.min(1f, u));
    float gap = h - u;
    float value = alpha * h + oneMinusAlpha * u;
    if (gap != 0) {
      float sig = (float) (1.0 / (1.0 + Math.exp(-(p * gap))));
      float e = sig - 0.5f;
      float d = x >= 0 ? directionForPositive : -directionForPositive;
      value += d * c * e * e * eps;
    }
    return value;
  }

  /** NAH on the hard tanh clip(x, −1, 1). */
  private float nahTanh(float x, float p, float eps) {
    float h = Math.max(-1f, Math.min(1f, x));
    float gap = h - x;
    float value = alpha * h + oneMinusAlpha * x;
    if (gap != 0) {
      float sig = (float) (1.0 / (1.0 + Math.exp(-(p * gap))));
      float e = sig - 0.5f;
      float d = x >= 0 ? directionForPositive : -directionForPositive;
      value += d * c * e * e * eps;
    }
    return value;
  }

  /** Mean over the batch of logsumexp(z) − z[label]; writes dL/dz into dLogits. */
  private double softmaxCrossEntropy(int[] labels, int batch) {
    double scale = 1.0 / batch;
    double total = 0;
    for (int n = 0; n < batch; n++) {
      int base = n * classes;
      double max = logits[base];
      for (int k = 1; k < classes; k++) {
        max = Math.max(max, logits[base + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(logits[base + k] - max);
      }
      double logSum = max + Math.log(sum);
      total += logSum - logits[base + labels[n]];
      for (int k = 0; k < classes; k++) {
        dLogits[base + k] = (float) (Math.exp(logits[base + k] - logSum) * scale);
      }
      dLogits[base + labels[n]] -= (float) scale;
    }
    return total * scale;
  }

  // ---- backward ----

  private void backward(float[] x, int batch) {
    Arrays.fill(weightIhGrad, 0f);
    Arrays.fill(weightHhGrad, 0f);
    Arrays.fill(biasIhGrad, 0f);
    if (noisy) {
      Arrays.fill(pGatesGrad, 0f);
      Arrays.fill(pCellGrad, 0f);
    }
    // Output layer: its gradients and dL/dh at the last step.
    Arrays.fill(outBiasGrad, 0f);
    Arrays.fill(dOut, 0, batch * hidden, 0f);
    for (int o = 0; o < classes; o++) {
      int row = o * hidden;
      Arrays.fill(outWeightGrad, row, row + hidden, 0f);
      for (int n = 0; n < batch; n++) {
        float g = dLogits[n * classes + o];
        int ho = (n * steps + steps - 1) * hidden;
        outBiasGrad[o] += g;
        for (int k = 0; k < hidden; k++) {
          outWeightGrad[row + k] += g * state[ho + k];
          dOut[n * hidden + k] += g * outWeight[row + k];
        }
      }
    }
    Arrays.fill(dhNext, 0, batch * hidden, 0f);
    Arrays.fill(dcNext, 0, batch * hidden, 0f);
    for (int t = steps - 1; t >= 0; t--) {
      for (int n = 0; n < batch; n++) {
        backStep(x, n, t);
      }
    }
    System.arraycopy(biasIhGrad, 0, biasHhGrad, 0, gates);
  }

  /** BPTT through step t of example n: gradients of the step's parameters, dL/dh and dL/dc of t − 1. */
  private void backStep(float[] x, int n, int t) {
    int xo = (n * steps + t) * inputs;
    int go = (n * steps + t) * gates;
    int ho = (n * steps + t) * hidden;
    int hPrev = ho - hidden;
    int so = n * hidden;
    float[] d = dGates;
    for (int k = 0; k < hidden; k++) {
      dh[k] = dhNext[so + k] + (t == steps - 1 ? dOut[so + k] : 0f);
    }
    // h = o tanh(c), c = f c_{t-1} + i g: dL/d(gate values) and dL/dc_{t-1}.
    for (int k = 0; k < hidden; k++) {
      float in = act[go + k];
      float forget = act[go + hidden + k];
      float cand = act[go + 2 * hidden + k];
      float out = act[go + 3 * hidden + k];
      float tc = cellAct[ho + k];
      float cPrev = t > 0 ? cell[hPrev + k] : 0f;
      float dtc = dh[k] * out;
      float dcFromH;
      if (noisy) {
        dcFromH = nahTanhBackward(cell[ho + k], dtc, pCell, pCellGrad, k, Math.abs(xiCell[ho + k]));
      } else {
        dcFromH = dtc * (1 - tc * tc);
      }
      float dc = dcNext[so + k] + dcFromH;
      d[k] = dc * cand;
      d[hidden + k] = dc * cPrev;
      d[2 * hidden + k] = dc * in;
      d[3 * hidden + k] = dh[k] * tc;
      dcNext[so + k] = dc * forget;
    }
    // Through the gate functions.
    if (noisy) {
      for (int r = 0; r < gates; r++) {
        boolean candidate = r >= 2 * hidden && r < 3 * hidden;
        float eps = Math.abs(xiGates[go + r]);
        d[r] = candidate ? nahTanhBackward(pre[go + r], d[r], pGates, pGatesGrad, r, eps)
            : nahSigmoidBackward(pre[go + r], d[r], pGates, pGatesGrad, r, eps);
      }
    } else {
      for (int r = 0; r < gates; r++) {
        float y = act[go + r];
        boolean candidate = r >= 2 * hidden && r < 3 * hidden;
        d[r] *= candidate ? 1 - y * y : y * (1 - y);
      }
    }
    // Parameter gradients, one weight row at a time, and dL/dh_{t-1} = Σ_r d[r] W_hh[r][:].
    for (int k = 0; k < hidden; k++) {
      dhNext[so + k] = 0f;
    }
    for (int r = 0; r < gates; r++) {
      float g = d[r];
      biasIhGrad[r] += g;
      int row = r * inputs;
      for (int i = 0; i < inputs; i++) {
        weightIhGrad[row + i] += g * x[xo + i];
      }
      if (t > 0) {
        int rowH = r * hidden;
        for (int k = 0; k < hidden; k++) {
          weightHhGrad[rowH + k] += g * state[hPrev + k];
          dhNext[so + k] += g * weightHh[rowH + k];
        }
      }
    }
  }

  /**
   * dφ/dx for NAH on the hard sigmoid, times g: αh' + (1 − α)u' + d ε dσ/dx with u' = 0.25,
   * h' = 0.25 inside and 0 where saturated, dΔ/dx = −0.25 there, dσ/dx = 2c e s(1 − s) p dΔ/dx;
   * adds g d ε dσ/dp = g d ε 2c e s(1 − s) Δ to {@code pGrad[unit]}.
   */
  private float nahSigmoidBackward(float x, float g, float[] p, float[] pGrad, int unit, float eps) {
    float u = 0.25f * x + 0.5f;
    float h = Math.max(0f, Math.min(1f, u));
    float gap = h - u;
    if (gap == 0) {
      return g * 0.25f;
    }
    float sig = (float) (1.0 / (1.0 + Math.exp(-(p[unit] * gap))));
    float e = sig - 0.5f;
    float dir = x >= 0 ? directionForPositive : -directionForPositive;
    float common = dir * eps * 2 * c * e * sig * (1 - sig);
    pGrad[unit] += g * common * gap;
    return g * (oneMinusAlpha * 0.25f - common * p[unit] * 0.25f);
  }

  /** As {@link #nahSigmoidBackward} for the hard tanh: u' = 1, dΔ/dx = −1 where saturated. */
  private float nahTanhBackward(float x, float g, float[] p, float[] pGrad, int unit, float eps) {
    float h = Math.max(-1f, Math.min(1f, x));
    float gap = h - x;
    if (gap == 0) {
      return g;
    }
    float sig = (float) (1.0 / (1.0 + Math.exp(-(p[unit] * gap))));
    float e = sig - 0.5f;
    float dir = x >= 0 ? directionForPositive : -directionForPositive;
    float common = dir * eps * 2 * c * e * sig * (1 - sig);
    pGrad[unit] += g * common * gap;
    return g * (oneMinusAlpha - common * p[unit]);
  }

  /** Plain SGD: θ −= lr · ∇θ for every parameter. */
  private void update() {
    float lr = learningRate;
    sgd(weightIh, weightIhGrad, lr);
    sgd(weightHh, weightHhGrad, lr);
    sgd(biasIh, biasIhGrad, lr);
    sgd(biasHh, biasHhGrad, lr);
    sgd(outWeight, outWeightGrad, lr);
    sgd(outBias, outBiasGrad, lr);
    if (noisy) {
      sgd(pGates, pGatesGrad, lr);
      sgd(pCell, pCellGrad, lr);
    }
  }

  private static void sgd(float[] values, float[] grads, float lr) {
    for (int i = 0; i < values.length; i++) {
      values[i] -= lr * grads[i];
    }
  }

  private void ensureCapacity(int batch) {
    if (batch <= capacity) {
      return;
    }
    pre = new float[batch * steps * gates];
    act = new float[batch * steps * gates];
    xiGates = noisy ? new float[batch * steps * gates] : new float[0];
    cell = new float[batch * steps * hidden];
    cellAct = new float[batch * steps * hidden];
    xiCell = noisy ? new float[batch * steps * hidden] : new float[0];
    state = new float[batch * steps * hidden];
    logits = new float[batch * classes];
    dLogits = new float[batch * classes];
    dOut = new float[batch * hidden];
    dhNext = new float[batch * hidden];
    dcNext = new float[batch * hidden];
    capacity = batch;
  }
}
