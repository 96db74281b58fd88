package dev.dither.runtime;

import java.io.IOException;

/**
 * A weight file or checkpoint that cannot be loaded into this model: corrupt, truncated, written
 * for another network, or inconsistent with the model's configuration. The message says what
 * was expected and what the file holds. When it is thrown by a load, the model is unchanged.
 */
public class WeightFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public WeightFileException(String message) {
    super(message);
  }

  public WeightFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
