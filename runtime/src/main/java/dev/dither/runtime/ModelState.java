package dev.dither.runtime;

/**
 * The private state of a generated model that {@link Checkpoints} saves and restores, beyond
 * what {@link GeneratedModel} shows: each generated class implements it in a few lines over its
 * own fields, so that the file format and every check live here in the runtime.
 *
 * <p>A noise site is a place where a schedule sets c: a noisy dense layer ({@code hidden}) or
 * one site of a recurrent layer ({@code lstm.forget}, {@code lstm.cell}). Carried state is the
 * recurrent state handed from one call to the next with {@code carryState(true)}, one
 * {@code [rows][width]} array per entry ({@code lstm.h}, {@code lstm.c}).
 */
public abstract class ModelState {
  final GeneratedModel model;
  final String description;
  final String[] noiseSites;
  final String[] carriedNames;
  final int[] carriedWidths;

  /** For a network without recurrent layers. */
  protected ModelState(GeneratedModel model, String description, String[] noiseSites) {
    this(model, description, noiseSites, new String[0], new int[0]);
  }

  /**
   * @param description the canonical description of the network, whose SHA-256 is its fingerprint
   * @param noiseSites the names of the noise sites, in a fixed order
   * @param carriedNames the names of the carried state arrays
   * @param carriedWidths their values per example
   */
  protected ModelState(GeneratedModel model, String description, String[] noiseSites,
      String[] carriedNames, int[] carriedWidths) {
    this.model = model;
    this.description = description;
    this.noiseSites = noiseSites.clone();
    this.carriedNames = carriedNames.clone();
    this.carriedWidths = carriedWidths.clone();
  }

  /** The level c that the schedule of noise site {@code site} gives at training step {@code step}. */
  protected abstract double noiseLevel(int site, long step);

  /** Replaces the schedule of noise site {@code site} with the constant {@code c}. */
  protected abstract void fixNoiseLevel(int site, double c);

  protected abstract Optimizer optimizer();

  protected abstract NoiseSource noise();

  /** The gradient clipping norm, 0 when off. */
  protected abstract double maxGradientNorm();

  /** Sets the training step and example counters. */
  protected abstract void restoreCounters(long steps, long examplesSeen);

  /** Whether the model carries recurrent state between calls. */
  protected boolean carrying() {
    return false;
  }

  /** Examples for which the carried state arrays are allocated (the model's batch capacity). */
  protected int carriedRows() {
    return 0;
  }

  /** Carried state array {@code index}: a {@code float[]} or {@code double[]} of at least {@code carriedRows() * width}. */
  protected Object carried(int index) {
    throw new IndexOutOfBoundsException("no carried state " + index);
  }

  /** Sets the carry flag and reallocates the per-batch buffers for exactly {@code rows} examples. */
  protected void restoreCarried(boolean carry, int rows) {}
}
