package dev.dither.samples.runner;

/** Where a training run reports the work it has done (steps or examples), for the progress bar. */
@FunctionalInterface
public interface Progress {
  Progress NONE = units -> {};

  void advance(long units);
}
