package dev.dither.processor.model;

/**
 * The network's input: an {@code @Input} vector or sequence, or an {@code @Embedding} of tokens.
 *
 * @param size features per example, or per step of a sequence (the embedding width for tokens)
 * @param steps time steps of a sequence; 0 when the input is a plain vector
 * @param variableLength whether examples carry their own length, at most {@code steps}
 * @param vocabulary number of tokens of an embedding input; 0 for real-valued input
 */
public record InputModel(String name, int size, int steps, boolean variableLength, int vocabulary) {

  public boolean isSequence() {
    return steps > 0;
  }

  public boolean isEmbedding() {
    return vocabulary > 0;
  }

  /** Values (or token ids) per example. */
  public int valuesPerExample() {
    return isEmbedding() ? Math.max(1, steps) : size * Math.max(1, steps);
  }
}
