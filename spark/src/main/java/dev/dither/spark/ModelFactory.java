package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.Serializable;

/**
 * Builds one fully configured model (seed, optimizer, schedules, clipping): the driver's copy and
 * every executor's replica come from the same factory, so they draw the same noise. It is
 * shipped to the executors, so a lambda must capture only serializable values, e.g.
 * {@code () -> new FooModel(42).optimizer(Optimizers.adam(1e-3))}.
 */
@FunctionalInterface
public interface ModelFactory<M extends GeneratedModel> extends Serializable {
  M create();
}
