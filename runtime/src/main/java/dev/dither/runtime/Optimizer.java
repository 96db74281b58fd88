package dev.dither.runtime;

/**
 * Updates a network's trainable parameters from their gradients. Implementations follow
 * PyTorch's {@code torch.optim} semantics exactly (see each factory) and keep their state
 * per parameter index, allocated on the first step: later steps allocate nothing.
 * An optimizer instance belongs to one network.
 */
public abstract class Optimizer {

  /** Applies one update to every trainable parameter of {@code parameters}. */
  public abstract void step(ParameterSet parameters);

  /** The current learning rate. */
  public abstract double learningRate();

  /** Changes the learning rate for subsequent steps (for learning-rate schedules). */
  public abstract void learningRate(double lr);
}
