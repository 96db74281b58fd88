package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.Serializable;
import java.util.Map;

/**
 * What a sweep runs for each {@link Configuration}, on an executor: build the model, train it
 * for a budget of steps, measure it. It is shipped to the executors, so it must be serializable
 * (load data inside the methods, or from a shared file system, rather than capturing it).
 *
 * <p>For a retried task to resume from a checkpoint with the same result, a step's batch must be
 * a pure function of the configuration and {@code model.steps()} (e.g. drawn from a generator
 * seeded with both), never of a generator carried from step to step.
 */
public interface Experiment<M extends GeneratedModel> extends Serializable {

  /** A fresh model for {@code config}: class, seed, optimizer, noise schedules. */
  M create(Configuration config);

  /** The budget: the sweep trains until {@code model.steps()} reaches it. */
  long steps(Configuration config);

  /** One training step (normally one {@code trainStep} call) on the batch of step {@code model.steps()}. */
  void trainStep(M model, Configuration config);

  /** The metrics of the trained model, in the order the results table shows them. */
  Map<String, Double> evaluate(M model, Configuration config);
}
