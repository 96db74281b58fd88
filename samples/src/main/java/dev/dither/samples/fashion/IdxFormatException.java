package dev.dither.samples.fashion;

import java.io.IOException;

/** An IDX file that is not what its reader expected; the message says what was expected and what came. */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
