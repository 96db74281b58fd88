package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The project's checkpoint format: {@link GeneratedModel#saveCheckpoint} and
 * {@link GeneratedModel#loadCheckpoint} (atomic, all-or-nothing, bitwise-exact resume with the
 * optimizer's state). The model a task builds for a configuration must be configured as the one
 * that saved (optimizer, schedules, clipping), which {@link Experiment#create} guarantees.
 */
public final class ProjectCheckpoint implements CheckpointFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public void save(GeneratedModel model, Path file) throws IOException {
    model.saveCheckpoint(file);
  }

  @Override
  public void load(GeneratedModel model, Path file) throws IOException {
    model.loadCheckpoint(file);
  }
}
