package dev.dither.runtime;

/**
 * The optimizers, with {@code torch.optim}'s update rules, defaults, argument order and
 * argument checks, so that a PyTorch training recipe carries over number for number. Every
 * argument a factory does not take has PyTorch's default. Hyper-parameters are named as in
 * PyTorch in messages and in {@code toString()}.
 *
 * <p>Each returned optimizer keeps state for one network. Float parameters are updated in float
 * arithmetic with float state, as PyTorch updates float32 tensors; double parameters in double,
 * agreeing with PyTorch's float64 results to about 1e-15.
 */
public final class Optimizers {
  private Optimizers() {}

  /** Plain SGD: {@code p -= lr * g}. */
  public static Optimizer sgd(double lr) {
    return sgd(lr, 0, 0, 0, false);
  }

  /** SGD with PyTorch's momentum: {@code buf = momentum * buf + g}, {@code p -= lr * buf}. */
  public static Optimizer sgd(double lr, double momentum) {
    return sgd(lr, momentum, 0, 0, false);
  }

  /**
   * {@code torch.optim.SGD(lr, momentum, dampening, weight_decay, nesterov)}. The first step
   * sets the momentum buffer to the gradient, undampened, as PyTorch does.
   *
   * @param weightDecay L2 penalty, added to the gradient as {@code wd * p}
   * @param nesterov needs {@code momentum > 0} and {@code dampening == 0}, as in PyTorch
   */
  public static Optimizer sgd(double lr, double momentum, double dampening, double weightDecay,
      boolean nesterov) {
    return new SgdOptimizer(lr, momentum, dampening, weightDecay, nesterov);
  }

  /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public static Optimizer adam(double lr) {
    return adam(lr, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * {@code torch.optim.Adam(lr, betas=(beta1, beta2), eps, weight_decay)}.
   *
   * @param weightDecay L2 penalty added to the gradient, hence divided by the adaptive
   *     denominator like the gradient; usually {@link #adamW} is what is wanted
   */
  public static Optimizer adam(double lr, double beta1, double beta2, double eps,
      double weightDecay) {
    return new AdamOptimizer(lr, beta1, beta2, eps, weightDecay, false);
  }

  /** AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public static Optimizer adamW(double lr) {
    return adamW(lr, 0.9, 0.999, 1e-8, 0.01);
  }

  /**
   * {@code torch.optim.AdamW(lr, betas=(beta1, beta2), eps, weight_decay)}: before each Adam
   * update the parameter is multiplied by {@code 1 - lr * weightDecay}, with the current
   * learning rate as in PyTorch.
   */
  public static Optimizer adamW(double lr, double beta1, double beta2, double eps,
      double weightDecay) {
    return new AdamOptimizer(lr, beta1, beta2, eps, weightDecay, true);
  }

  /** RMSprop with PyTorch's defaults: alpha 0.99, eps 1e-8, no weight decay or momentum. */
  public static Optimizer rmsprop(double lr) {
    return rmsprop(lr, 0.99, 1e-8, 0, 0, false);
  }

  /**
   * {@code torch.optim.RMSprop(lr, alpha, eps, weight_decay, momentum, centered)}.
   *
   * @param alpha smoothing constant of the running average of squared gradients
   * @param centered normalize by an estimate of the gradient's variance instead of its raw
   *     second moment
   */
  public static Optimizer rmsprop(double lr, double alpha, double eps, double weightDecay,
      double momentum, boolean centered) {
    return new RmspropOptimizer(lr, alpha, eps, weightDecay, momentum, centered);
  }

  // PyTorch checks these ranges too; NaN and infinities are refused as well, since PyTorch's
  // "0.0 <= x" lets infinity through to poison every parameter on the first step.

  static double atLeast(String name, double value, double min) {
    if (!(value >= min) || value == Double.POSITIVE_INFINITY) {
      throw new IllegalArgumentException(name + " must be finite and >= " + min + ", got "
          + value);
    }
    return value;
  }

  static double inUnitInterval(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
    }
    return value;
  }

  static double finite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " must be finite, got " + value);
    }
    return value;
  }
}
