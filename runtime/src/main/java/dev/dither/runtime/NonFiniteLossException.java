package dev.dither.runtime;

/**
 * Thrown by a training step whose loss is NaN or infinite. It is thrown after the forward
 * pass and before any gradient is applied, so the network's parameters and its optimizer's
 * state are exactly as they were before the step.
 */
public final class NonFiniteLossException extends ArithmeticException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final double loss;

  public NonFiniteLossException(String network, long step, double loss) {
    super(network + ": the loss at training step " + step + " is " + loss
        + "; the step was not applied (parameters unchanged). Lower the learning rate, clip"
        + " gradients, or choose NonFiniteLossPolicy.SKIP to skip such batches.");
    this.step = step;
    this.loss = loss;
  }

  /** The training step whose loss was not finite (0 for the first step). */
  public long step() {
    return step;
  }

  /** The offending loss value. */
  public double loss() {
    return loss;
  }
}
