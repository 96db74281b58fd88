package dev.dither.bench.baseline;

import dev.dither.runtime.NoiseSource;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The benchmark's baseline: a multilayer perceptron written by hand the usual way, with nothing
 * known at compile time. Layer sizes live in fields; each weight matrix is a flat {@code float[]}
 * in PyTorch's layout {@code [out][in]}, row-major; the forward pass is a dot product per output
 * unit. Hidden layers use hard-tanh, optionally with NAH noise (Gulcehre et al. 2016, Algorithm
 * 1); the last layer is linear and feeds a softmax cross-entropy loss (mean over the batch);
 * parameters are updated by plain SGD.
 *
 * <p>With NAH noise a hidden unit computes
 * <pre>
 *   φ(x) = α h(x) + (1 − α) x + d(x) σ(x) |ξ|,   h(x) = clip(x, −1, 1),   Δ = h(x) − x,
 *   σ(x) = c (sigmoid(p Δ) − 1/2)²,               d(x) = −sgn(x) sgn(1 − α),  sgn(0) = 1,
 * </pre>
 * with a learned p per unit, and at test time |ξ| replaced by E|ξ| = sqrt(2/π). Where the unit
 * is not saturated Δ = 0, so σ = 0 and the sigmoid is skipped. The noise ξ is drawn with one
 * {@link NoiseSource#fill} call per noisy layer per step, addressed by (hidden-layer index,
 * running example index, unit), exactly as the generated networks address it.
 *
 * <p>Not thread-safe. Buffers grow to the largest batch seen; after that nothing is allocated.
 */
public final class HandWrittenMlp {
  private static final float HALF_NORMAL_MEAN = (float) Math.sqrt(2.0 / Math.PI);

  private final int[] sizes;
  private final int layers;
  private final float learningRate;

  private final float[][] weight;
  private final float[][] weightGrad;
  private final float[][] bias;
  private final float[][] biasGrad;

  private final boolean noisy;
  private final float alpha;
  private final float oneMinusAlpha;
  private final float c;
  /** −sgn(1 − α): d(x) is this for x ≥ 0 and its negation for x &lt; 0. */
  private final float directionForPositive;
  private final float[][] p;
  private final float[][] pGrad;
  private NoiseSource noise;
  private long examplesSeen;

  // Per-example buffers, [batch][units] for each layer.
  private final float[][] pre;
  private final float[][] act;
  private final float[][] delta;
  private final float[][] xi;
  private int capacity;

  private HandWrittenMlp(int[] sizes, float learningRate, boolean noisy, double alpha, double c,
      NoiseSource noise, long seed) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("need an input size and at least one layer");
    }
    this.sizes = sizes.clone();
    this.layers = sizes.length - 1;
    this.learningRate = learningRate;
    this.noisy = noisy;
    this.alpha = (float) alpha;
    this.oneMinusAlpha = (float) (1 - alpha);
    this.c = (float) c;
    this.directionForPositive = (1 - alpha) >= 0 ? -1f : 1f;
    this.noise = noise;
    weight = new float[layers][];
    weightGrad = new float[layers][];
    bias = new float[layers][];
    biasGrad = new float[layers][];
    p = new float[layers][];
    pGrad = new float[layers][];
    pre = new float[layers][];
    act = new float[layers][];
    delta = new float[layers][];
    xi = new float[layers][];
    SplittableRandom random = new SplittableRandom(seed);
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      weight[l] = new float[out * in];
      weightGrad[l] = new float[out * in];
      bias[l] = new float[out];
      biasGrad[l] = new float[out];
      // PyTorch's nn.Linear default: U(-1/sqrt(in), 1/sqrt(in)) for weights and biases.
      double bound = 1 / Math.sqrt(in);
      for (int i = 0; i < weight[l].length; i++) {
        weight[l][i] = (float) random.nextDouble(-bound, bound);
      }
      for (int o = 0; o < out; o++) {
        bias[l][o] = (float) random.nextDouble(-bound, bound);
      }
      if (noisy && l < layers - 1) {
        p[l] = new float[out];
        pGrad[l] = new float[out];
        for (int o = 0; o < out; o++) {
          p[l][o] = (float) random.nextDouble(-1, 1);
        }
      }
      pre[l] = new float[0];
      act[l] = new float[0];
      delta[l] = new float[0];
      xi[l] = new float[0];
    }
  }

  /** Hard-tanh hidden layers without noise; {@code sizes} = inputs, hidden..., classes. */
  public static HandWrittenMlp hardTanh(double learningRate, long seed, int... sizes) {
    return new HandWrittenMlp(sizes, (float) learningRate, false, 1, 0, null, seed);
  }

  /** Hard-tanh hidden layers with NAH noise drawn from {@code noise}. */
  public static HandWrittenMlp nah(double learningRate, double alpha, double c, NoiseSource noise,
      long seed, int... sizes) {
    if (noise == null) {
      throw new IllegalArgumentException("NAH needs a noise source");
    }
    return new HandWrittenMlp(sizes, (float) learningRate, true, alpha, c, noise, seed);
  }

  // ---- public API ----

  /** One SGD step on a mini-batch; returns the mean loss before the update. */
  public double trainStep(float[] inputs, int[] labels) {
    int batch = checkBatch(inputs, labels);
    double loss = forwardLoss(inputs, labels, batch);
    backward(inputs, batch);
    update();
    examplesSeen += batch;
    return loss;
  }

  /** Forward with the next step's noise and backward, leaving the gradients; no update. */
  public double gradients(float[] inputs, int[] labels) {
    int batch = checkBatch(inputs, labels);
    double loss = forwardLoss(inputs, labels, batch);
    backward(inputs, batch);
    return loss;
  }

  /** Evaluation-mode forward pass (no noise sample); writes the logits into {@code outputs}. */
  public void infer(float[] inputs, float[] outputs) {
    int batch = inputs.length / sizes[0];
    if (batch == 0 || batch * sizes[0] != inputs.length || outputs.length != batch * sizes[layers]) {
      throw new IllegalArgumentException("bad input or output length");
    }
    forward(inputs, batch, false);
    System.arraycopy(pre[layers - 1], 0, outputs, 0, batch * sizes[layers]);
  }

  /** Number of weight layers (hidden layers and the output layer). */
  public int layerCount() {
    return layers;
  }

  /** Live weights of layer {@code l}, {@code [out][in]} row-major (PyTorch's layout). */
  public float[] weight(int l) {
    return weight[l];
  }

  /** Live weight gradient of layer {@code l}, {@code [out][in]}. */
  public float[] weightGrad(int l) {
    return weightGrad[l];
  }

  public float[] bias(int l) {
    return bias[l];
  }

  public float[] biasGrad(int l) {
    return biasGrad[l];
  }

  /** The per-unit noise parameter p of hidden layer {@code l}, or null without noise. */
  public float[] p(int l) {
    return p[l];
  }

  public float[] pGrad(int l) {
    return pGrad[l];
  }

  public long examplesSeen() {
    return examplesSeen;
  }

  public HandWrittenMlp noiseSource(NoiseSource noise) {
    this.noise = noise;
    return this;
  }

  // ---- forward ----

  private int checkBatch(float[] inputs, int[] labels) {
    int batch = labels.length;
    if (batch == 0 || inputs.length != batch * sizes[0]) {
      throw new IllegalArgumentException("expected " + sizes[0] + " inputs per label");
    }
    return batch;
  }

  private double forwardLoss(float[] inputs, int[] labels, int batch) {
    forward(inputs, batch, true);
    return softmaxCrossEntropy(labels, batch);
  }

  private void forward(float[] inputs, int batch, boolean training) {
    ensureCapacity(batch);
    float[] x = inputs;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] w = weight[l];
      float[] b = bias[l];
      float[] z = pre[l];
      for (int n = 0; n < batch; n++) {
        int xOff = n * in;
        for (int o = 0; o < out; o++) {
          int row = o * in;
          float sum = 0;
          for (int i = 0; i < in; i++) {
            sum += w[row + i] * x[xOff + i];
          }
          z[n * out + o] = sum + b[o];
        }
      }
      if (l < layers - 1) {
        if (noisy) {
          nahForward(l, batch, training);
        } else {
          hardTanhForward(l, batch);
        }
        x = act[l];
      }
    }
  }

  private void hardTanhForward(int l, int batch) {
    float[] z = pre[l];
    float[] a = act[l];
    for (int j = 0, end = batch * sizes[l + 1]; j < end; j++) {
      a[j] = Math.max(-1f, Math.min(1f, z[j]));
    }
  }

  private void nahForward(int l, int batch, boolean training) {
    int units = sizes[l + 1];
    float[] z = pre[l];
    float[] a = act[l];
    float[] pl = p[l];
    float[] noiseSample = xi[l];
    if (training) {
      noise.fill(l, examplesSeen, batch, units, noiseSample);
    }
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < units; k++) {
        int j = n * units + k;
        float x = z[j];
        float h = Math.max(-1f, Math.min(1f, x));
        float gap = h - x;
        float value = alpha * h + oneMinusAlpha * x;
        if (gap != 0) {
          float sig = (float) (1.0 / (1.0 + Math.exp(-(pl[k] * gap))));
          float e = sig - 0.5f;
          float sigma = c * e * e;
          float d = x >= 0 ? directionForPositive : -directionForPositive;
          float epsilon = training ? Math.abs(noiseSample[j]) : HALF_NORMAL_MEAN;
          value += d * sigma * epsilon;
        }
        a[j] = value;
      }
    }
  }

  /** Mean over the batch of logsumexp(z) − z[label]; writes dL/dz into the last delta. */
  private double softmaxCrossEntropy(int[] labels, int batch) {
    int classes = sizes[layers];
    float[] z = pre[layers - 1];
    float[] d = delta[layers - 1];
    double scale = 1.0 / batch;
    double total = 0;
    for (int n = 0; n < batch; n++) {
      int base = n * classes;
      double max = z[base];
      for (int k = 1; k < classes; k++) {
        max = Math.max(max, z[base + k]);
      }
      double sum = 0;
      for (int k = 0; k < classes; k++) {
        sum += Math.exp(z[base + k] - max);
      }
      double logSum = max + Math.log(sum);
      total += logSum - z[base + labels[n]];
      for (int k = 0; k < classes; k++) {
        d[base + k] = (float) (Math.exp(z[base + k] - logSum) * scale);
      }
      d[base + labels[n]] -= (float) scale;
    }
    return total * scale;
  }

  // ---- backward ----

  private void backward(float[] inputs, int batch) {
    for (int l = layers - 1; l >= 0; l--) {
      int in = sizes[l];
      int out = sizes[l + 1];
      float[] x = l == 0 ? inputs : act[l - 1];
      float[] d = delta[l];
      float[] w = weight[l];
      float[] dw = weightGrad[l];
      float[] db = biasGrad[l];
      // dW[o][:] = Σ_n d[n][o] · x[n][:], one weight row at a time so it stays in cache.
      for (int o = 0; o < out; o++) {
        int row = o * in;
        float g0 = d[o];
        for (int i = 0; i < in; i++) {
          dw[row + i] = g0 * x[i];
        }
        float gb = g0;
        for (int n = 1; n < batch; n++) {
          float g = d[n * out + o];
          gb += g;
          int xOff = n * in;
          for (int i = 0; i < in; i++) {
            dw[row + i] += g * x[xOff + i];
          }
        }
        db[o] = gb;
      }
      if (l > 0) {
        // dL/dx[n][:] = Σ_o d[n][o] · W[o][:], then through the activation below.
        float[] t = delta[l - 1];
        for (int n = 0; n < batch; n++) {
          int tOff = n * in;
          Arrays.fill(t, tOff, tOff + in, 0f);
          for (int o = 0; o < out; o++) {
            float g = d[n * out + o];
            int row = o * in;
            for (int i = 0; i < in; i++) {
              t[tOff + i] += g * w[row + i];
            }
          }
        }
        if (noisy) {
          nahBackward(l - 1, batch);
        } else {
          hardTanhBackward(l - 1, batch);
        }
      }
    }
  }

  private void hardTanhBackward(int l, int batch) {
    float[] z = pre[l];
    float[] d = delta[l];
    for (int j = 0, end = batch * sizes[l + 1]; j < end; j++) {
      if (Math.abs(z[j]) > 1f) {
        d[j] = 0f;
      }
    }
  }

  /**
   * dφ/dx = α h'(x) + (1 − α) + d |ξ| dσ/dx and dφ/dp = d |ξ| dσ/dp, with ξ held constant.
   * Inside [−1, 1]: Δ = 0, h' = 1, dσ = 0, so dφ/dx = 1. Outside: h' = 0, dΔ/dx = −1 and
   * dσ/dx = 2c e s(1 − s) p · (−1), dσ/dp = 2c e s(1 − s) Δ, where s = sigmoid(pΔ), e = s − 1/2.
   */
  private void nahBackward(int l, int batch) {
    int units = sizes[l + 1];
    float[] z = pre[l];
    float[] d = delta[l];
    float[] pl = p[l];
    float[] gp = pGrad[l];
    float[] noiseSample = xi[l];
    Arrays.fill(gp, 0f);
    for (int n = 0; n < batch; n++) {
      for (int k = 0; k < units; k++) {
        int j = n * units + k;
        float x = z[j];
        float h = Math.max(-1f, Math.min(1f, x));
        float gap = h - x;
        if (gap != 0) {
          float g = d[j];
          float sig = (float) (1.0 / (1.0 + Math.exp(-(pl[k] * gap))));
          float e = sig - 0.5f;
          float dir = x >= 0 ? directionForPositive : -directionForPositive;
          float dSigma = 2 * c * e * sig * (1 - sig);
          float common = dir * Math.abs(noiseSample[j]) * dSigma;
          d[j] = g * (oneMinusAlpha - common * pl[k]);
          gp[k] += g * common * gap;
        }
      }
    }
  }

  /** Plain SGD: θ −= lr · ∇θ for every parameter. */
  private void update() {
    float lr = learningRate;
    for (int l = 0; l < layers; l++) {
      sgd(weight[l], weightGrad[l], lr);
      sgd(bias[l], biasGrad[l], lr);
      if (p[l] != null) {
        sgd(p[l], pGrad[l], lr);
      }
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
    for (int l = 0; l < layers; l++) {
      int units = sizes[l + 1];
      pre[l] = new float[batch * units];
      act[l] = new float[batch * units];
      delta[l] = new float[batch * units];
      xi[l] = noisy && l < layers - 1 ? new float[batch * units] : new float[0];
    }
    capacity = batch;
  }
}
