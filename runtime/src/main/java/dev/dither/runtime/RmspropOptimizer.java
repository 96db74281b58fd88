package dev.dither.runtime;

/**
 * {@code torch.optim.RMSprop}. As in PyTorch, eps is added after the square root, the centered
 * variant subtracts the square of a running mean of the gradient before it, and the momentum
 * buffer starts at zero (unlike SGD's) and accumulates {@code g / avg}, so the learning rate
 * is applied outside the buffer.
 *
 * <p>Each update is two passes, the running averages and then the step, because HotSpot stops
 * vectorizing a loop whose body grows past a size that the centered, momentum variant reaches
 * in one pass (it then runs several times slower). The parameter is unchanged until the
 * second pass, so that pass recomputes the decayed gradient instead of storing it.
 */
final class RmspropOptimizer extends ElementwiseOptimizer {
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;

  RmspropOptimizer(double lr, double alpha, double eps, double weightDecay, double momentum,
      boolean centered) {
    super(lr, 1 + (centered ? 1 : 0) + (momentum > 0 ? 1 : 0));
    this.alpha = Optimizers.atLeast("alpha", alpha, 0);
    this.eps = Optimizers.atLeast("eps", eps, 0);
    this.weightDecay = Optimizers.atLeast("weight_decay", weightDecay, 0);
    this.momentum = Optimizers.atLeast("momentum", momentum, 0);
    this.centered = centered;
  }

  // In both precisions, with g' = g + wd * p:
  //   pass 1: sq = alpha * sq + (1 - alpha) * g'^2; centered: ga = lerp(ga, g', 1 - alpha);
  //   pass 2: avg = sqrt(centered ? sq - ga^2 : sq) + eps;
  //           momentum: buf = momentum * buf + g' / avg, p -= lr * buf; else p -= lr * g' / avg.
  // The slots are [sq, ga if centered, buf if momentum]. Invariant tests are unswitched.

  @Override
  void update(double[] p, double[] g, double[][] state, long step) {
    double[] sq = state[0];
    double[] ga = centered ? state[1] : null;
    double[] buf = momentum > 0 ? state[state.length - 1] : null;
    double a = alpha;
    double w = 1 - alpha;
    double wd = weightDecay;
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] + wd * p[i];
      sq[i] = a * sq[i] + w * gi * gi;
      if (ga != null) {
        ga[i] += w * (gi - ga[i]);
      }
    }
    double lr = learningRate();
    double e = eps;
    double mu = momentum;
    for (int i = 0; i < p.length; i++) {
      double gi = g[i] + wd * p[i];
      double avg = Math.sqrt(ga == null ? sq[i] : sq[i] - ga[i] * ga[i]) + e;
      if (buf == null) {
        p[i] -= lr * gi / avg;
      } else {
        double b = mu * buf[i] + gi / avg;
        buf[i] = b;
        p[i] -= lr * b;
      }
    }
  }

  @Override
  void update(float[] p, float[] g, float[][] state, long step) {
    float[] sq = state[0];
    float[] ga = centered ? state[1] : null;
    float[] buf = momentum > 0 ? state[state.length - 1] : null;
    float a = (float) alpha;
    float w = (float) (1 - alpha);
    float wd = (float) weightDecay;
    for (int i = 0; i < p.length; i++) {
      float gi = g[i] + wd * p[i];
      sq[i] = a * sq[i] + w * gi * gi;
      if (ga != null) {
        ga[i] += w * (gi - ga[i]);
      }
    }
    float lr = (float) learningRate();
    float e = (float) eps;
    float mu = (float) momentum;
    for (int i = 0; i < p.length; i++) {
      float gi = g[i] + wd * p[i];
      float avg = (float) Math.sqrt(ga == null ? sq[i] : sq[i] - ga[i] * ga[i]) + e;
      if (buf == null) {
        p[i] -= lr * gi / avg;
      } else {
        float b = mu * buf[i] + gi / avg;
        buf[i] = b;
        p[i] -= lr * b;
      }
    }
  }

  @Override
  String algorithm() {
    return "RMSprop";
  }

  @Override
  String hyperParameters() {
    return "alpha=" + alpha + ", eps=" + eps + ", weight_decay=" + weightDecay + ", momentum="
        + momentum + ", centered=" + centered;
  }

  @Override
  String[] stateNames() {
    // PyTorch's state keys, in the order of the slots.
    return centered && momentum > 0 ? new String[] {"square_avg", "grad_avg", "momentum_buffer"}
        : centered ? new String[] {"square_avg", "grad_avg"}
        : momentum > 0 ? new String[] {"square_avg", "momentum_buffer"}
        : new String[] {"square_avg"};
  }
}
