package dev.dither.runtime;

/**
 * The noise level c of a noisy layer as a function of the number of training steps taken.
 * Generated code evaluates it once per layer per step.
 */
@FunctionalInterface
public interface AnnealingSchedule {

  /**
   * The level to use for training step {@code step} (0 for the first step): finite and never
   * negative. Generated code checks every level it reads, so a lambda that breaks this fails
   * with an {@code IllegalStateException} naming the layer, the step and the value.
   */
  double level(long step);
}
