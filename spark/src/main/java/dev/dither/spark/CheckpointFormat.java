package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;

/**
 * How a sweep writes a model's resumable state to a local file and reads it back. Resuming must
 * be exact: a model loaded from a checkpoint written after step {@code n} continues as the
 * model that wrote it would have.
 */
public interface CheckpointFormat extends Serializable {
  void save(GeneratedModel model, Path file) throws IOException;

  void load(GeneratedModel model, Path file) throws IOException;
}
