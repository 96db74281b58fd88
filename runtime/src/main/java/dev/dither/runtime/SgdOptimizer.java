package dev.dither.runtime;

/**
 * {@code torch.optim.SGD}. Two PyTorch details that a textbook formula gets wrong: the
 * momentum buffer starts as the first gradient itself (not {@code (1 - dampening) * g}), and
 * weight decay is added to the gradient before the momentum, so it is accumulated too. The
 * gradient arrays are not modified, as in PyTorch.
 */
final class SgdOptimizer extends ElementwiseOptimizer {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;

  SgdOptimizer(double lr, double momentum, double dampening, double weightDecay,
      boolean nesterov) {
    super(lr, momentum != 0 ? 1 : 0);
    this.momentum = Optimizers.atLeast("momentum", momentum, 0);
    this.dampening = Optimizers.finite("dampening", dampening);
    this.weightDecay = Optimizers.atLeast("weight_decay", weightDecay, 0);
    this.nesterov = nesterov;
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException("nesterov momentum needs momentum > 0 and dampening = 0,"
          + " got momentum = " + momentum + ", dampening = " + dampening);
    }
  }

  // In both loops: d = g + wd * p; buf = d on the first step, else momentum * buf +
  // (1 - dampening) * d; p -= lr * (nesterov ? d + momentum * buf : buf), or p -= lr * d
  // without momentum. The invariant conditions are unswitched by the JIT.

  @Override
  void update(double[] p, double[] g, double[][] state, long step) {
    double lr = learningRate();
    double wd = weightDecay;
    if (momentum == 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] -= lr * (g[i] + wd * p[i]);
      }
      return;
    }
    double[] buf = state[0];
    double mu = momentum;
    double keep = 1 - dampening;
    boolean first = step == 1;
    boolean nest = nesterov;
    for (int i = 0; i < p.length; i++) {
      double d = g[i] + wd * p[i];
      double b = first ? d : mu * buf[i] + keep * d;
      buf[i] = b;
      p[i] -= lr * (nest ? d + mu * b : b);
    }
  }

  @Override
  void update(float[] p, float[] g, float[][] state, long step) {
    float lr = (float) learningRate();
    float wd = (float) weightDecay;
    if (momentum == 0) {
      for (int i = 0; i < p.length; i++) {
        p[i] -= lr * (g[i] + wd * p[i]);
      }
      return;
    }
    float[] buf = state[0];
    float mu = (float) momentum;
    float keep = (float) (1 - dampening);
    boolean first = step == 1;
    boolean nest = nesterov;
    for (int i = 0; i < p.length; i++) {
      float d = g[i] + wd * p[i];
      float b = first ? d : mu * buf[i] + keep * d;
      buf[i] = b;
      p[i] -= lr * (nest ? d + mu * b : b);
    }
  }

  @Override
  String algorithm() {
    return "SGD";
  }

  @Override
  String hyperParameters() {
    return "momentum=" + momentum + ", dampening=" + dampening + ", weight_decay=" + weightDecay
        + ", nesterov=" + nesterov;
  }

  @Override
  String[] stateNames() {
    return momentum != 0 ? new String[] {"momentum_buffer"} : new String[0];
  }
}
