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
    this(network, step, loss, "Lower the learning rate, clip gradients, or choose NonFiniteLossPolicy.SKIP to skip"
        + " such batches.");
  }

  private NonFiniteLossException(String network, long step, double loss, String cause) {
    super(network + ": the loss at training step " + step + " is " + loss
        + "; the step was not applied (parameters unchanged). " + cause);
    this.step = step;
    this.loss = loss;
  }

  /**
   * The exception for a non-finite loss, with its likely cause: a parameter that already holds
   * NaN or infinity (written into its array directly), inputs so large that the forward pass
   * overflows, or else divergence (the learning-rate advice). Called only on the failure path.
   */
  public static NonFiniteLossException diagnose(String network, long step, double loss, ParameterSet parameters,
      float[] inputs) {
    String cause = parameterCause(parameters);
    if (cause == null) {
      cause = inputCause(inputs.length == 0 ? 0 : largest(inputs), Float.MAX_VALUE, "FLOAT");
    }
    return cause == null ? new NonFiniteLossException(network, step, loss) : new NonFiniteLossException(network, step, loss, cause);
  }

  /** See {@link #diagnose(String, long, double, ParameterSet, float[])}. */
  public static NonFiniteLossException diagnose(String network, long step, double loss, ParameterSet parameters,
      double[] inputs) {
    String cause = parameterCause(parameters);
    if (cause == null) {
      double largest = 0;
      for (double v : inputs) {
        largest = Math.max(largest, Math.abs(v));
      }
      cause = inputCause(largest, Double.MAX_VALUE, "DOUBLE");
    }
    return cause == null ? new NonFiniteLossException(network, step, loss) : new NonFiniteLossException(network, step, loss, cause);
  }

  /** See {@link #diagnose(String, long, double, ParameterSet, float[])}; token inputs cannot overflow. */
  public static NonFiniteLossException diagnose(String network, long step, double loss, ParameterSet parameters,
      int[] tokens) {
    String cause = parameterCause(parameters);
    return cause == null ? new NonFiniteLossException(network, step, loss) : new NonFiniteLossException(network, step, loss, cause);
  }

  private static double largest(float[] inputs) {
    double largest = 0;
    for (float v : inputs) {
      largest = Math.max(largest, Math.abs(v));
    }
    return largest;
  }

  private static String parameterCause(ParameterSet parameters) {
    for (Parameter p : parameters.all()) {
      for (int i = 0; i < p.size(); i++) {
        if (!Double.isFinite(p.get(i))) {
          return "Parameter '" + p.name() + "' holds " + p.get(i) + " at index " + i + " before this step (written"
              + " into its array directly?); no learning rate fixes that: restore the parameters.";
        }
      }
    }
    return null;
  }

  /**
   * Inputs within a few orders of magnitude of the square root of the largest value make
   * products and sums overflow in the forward pass, whatever the learning rate.
   */
  private static String inputCause(double largestInput, double max, String precision) {
    if (largestInput < Math.sqrt(max) * 1e-4) {
      return null;
    }
    return "The inputs are finite but as large as " + largestInput + ": the forward pass overflowed the "
        + precision + " range (largest " + max + "), which no learning rate fixes. Scale the inputs"
        + " (e.g. standardise them).";
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
