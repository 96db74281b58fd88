package dev.dither.runtime;

/**
 * Updates a network's trainable parameters from their gradients. Implementations follow
 * PyTorch's {@code torch.optim} semantics exactly (see each factory) and keep their state
 * per parameter index, allocated on the first step: later steps allocate nothing.
 * An optimizer instance belongs to one network.
 */
public abstract class Optimizer {
  private Object owner;

  /**
   * Binds this optimizer to the model that will step it; generated models call this when given
   * an optimizer. An optimizer keeps per-parameter state (moments, momentum, step counts), so
   * sharing one between two models would mix their states: binding it to a second model throws.
   * Binding is for life, even after the model is given another optimizer.
   *
   * @throws IllegalStateException if the optimizer already belongs to another model
   */
  public final synchronized void bind(Object model, String network) {
    if (owner != null && owner != model) {
      throw new IllegalStateException(network + ": this optimizer (" + this + ") already belongs to another model"
          + " and keeps that model's per-parameter state; create one optimizer per model, e.g. call"
          + " Optimizers.adam(lr) once for each");
    }
    owner = model;
  }

  /** Applies one update to every trainable parameter of {@code parameters}. */
  public abstract void step(ParameterSet parameters);

  /** The current learning rate. */
  public abstract double learningRate();

  /** Changes the learning rate for subsequent steps (for learning-rate schedules). */
  public abstract void learningRate(double lr);

  // ---- checkpoints (see Checkpoints); only the optimizers of Optimizers support them ----

  /** The algorithm and every hyper-parameter but the learning rate; null if it cannot be checkpointed. */
  String checkpointDescription() {
    return null;
  }

  /** PyTorch's names of the per-parameter state arrays ({@code exp_avg}, ...). */
  String[] stateNames() {
    return new String[0];
  }

  /** Steps taken on parameter {@code index} (PyTorch's {@code state['step']}); 0 before the first. */
  long stepCount(int index) {
    return 0;
  }

  /** Copies state array {@code slot} of parameter {@code index}, laid out as stored; zeros before the first step. */
  void exportState(int index, int slot, double[] into) {}

  /**
   * Replaces the whole state. Arguments are validated by the caller: one entry per parameter,
   * {@code states[i]} null for a frozen parameter, otherwise one array per state name.
   */
  void importState(ParameterSet parameters, long[] stepCounts, double[][][] states) {}
}
