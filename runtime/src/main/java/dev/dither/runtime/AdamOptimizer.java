package dev.dither.runtime;

/**
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW} (without amsgrad), which differ only
 * in where the weight decay goes: Adam adds {@code wd * p} to the gradient (L2, so it is
 * rescaled by the adaptive denominator), AdamW first shrinks the parameter by
 * {@code 1 - lr * wd} (decoupled, Loshchilov and Hutter). The bias correction is arranged as in
 * PyTorch, {@code p -= (lr / bc1) * m / (sqrt(v) / sqrt(bc2) + eps)}, rather than as in the
 * paper, so that eps has the same effect and results agree to rounding.
 */
final class AdamOptimizer extends ElementwiseOptimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;

  // Per-step scalars, set by prepare() for the parameter being updated.
  private double stepSize;
  private double bc2Sqrt;
  private double shrink;
  private double l2;

  AdamOptimizer(double lr, double beta1, double beta2, double eps, double weightDecay,
      boolean decoupled) {
    super(lr, 2);
    this.beta1 = Optimizers.inUnitInterval("beta1", beta1);
    this.beta2 = Optimizers.inUnitInterval("beta2", beta2);
    this.eps = Optimizers.atLeast("eps", eps, 0);
    this.weightDecay = Optimizers.atLeast("weight_decay", weightDecay, 0);
    this.decoupled = decoupled;
  }

  private void prepare(long step) {
    double lr = learningRate();
    stepSize = lr / (1 - Math.pow(beta1, step));
    bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    // At most one of these is active; shrink 1 and l2 0 are exact no-ops.
    shrink = decoupled ? 1 - lr * weightDecay : 1;
    l2 = decoupled ? 0 : weightDecay;
  }

  // In both loops: p *= shrink; g' = g + l2 * p; m = lerp(m, g', 1 - beta1) as PyTorch's
  // exp_avg.lerp_; v = beta2 * v + (1 - beta2) * g'^2; p -= stepSize * m / (sqrt(v) / bc2Sqrt
  // + eps).

  @Override
  void update(double[] p, double[] g, double[][] state, long step) {
    prepare(step);
    double[] m = state[0];
    double[] v = state[1];
    double s = shrink;
    double l = l2;
    double w1 = 1 - beta1;
    double b2 = beta2;
    double w2 = 1 - beta2;
    double size = stepSize;
    double bc = bc2Sqrt;
    double e = eps;
    for (int i = 0; i < p.length; i++) {
      double pi = p[i] * s;
      double gi = g[i] + l * pi;
      double mi = m[i] + w1 * (gi - m[i]);
      double vi = b2 * v[i] + w2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = pi - size * mi / (Math.sqrt(vi) / bc + e);
    }
  }

  @Override
  void update(float[] p, float[] g, float[][] state, long step) {
    prepare(step);
    float[] m = state[0];
    float[] v = state[1];
    float s = (float) shrink;
    float l = (float) l2;
    float w1 = (float) (1 - beta1);
    float b2 = (float) beta2;
    float w2 = (float) (1 - beta2);
    float size = (float) stepSize;
    float bc = (float) bc2Sqrt;
    float e = (float) eps;
    for (int i = 0; i < p.length; i++) {
      float pi = p[i] * s;
      float gi = g[i] + l * pi;
      float mi = m[i] + w1 * (gi - m[i]);
      float vi = b2 * v[i] + w2 * gi * gi;
      m[i] = mi;
      v[i] = vi;
      p[i] = pi - size * mi / ((float) Math.sqrt(vi) / bc + e);
    }
  }

  @Override
  String algorithm() {
    return decoupled ? "AdamW" : "Adam";
  }

  @Override
  String hyperParameters() {
    return "betas=(" + beta1 + ", " + beta2 + "), eps=" + eps + ", weight_decay=" + weightDecay;
  }

  @Override
  String[] stateNames() {
    return new String[] {"exp_avg", "exp_avg_sq"};
  }
}
