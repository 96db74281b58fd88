package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A checkpoint of the parameter values and the two counters only: exact for optimizers without
 * state (plain SGD), which is all the recovery tests need from it.
 */
final class ValuesAndCounters implements CheckpointFormat {
  private static final long serialVersionUID = 1L;

  @Override
  public void save(GeneratedModel model, Path file) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeLong(model.steps());
      out.writeLong(model.examplesSeen());
      for (double v : ParameterVector.values(model.parameters())) {
        out.writeDouble(v);
      }
    }
  }

  @Override
  public void load(GeneratedModel model, Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      long steps = in.readLong();
      long seen = in.readLong();
      double[] values = new double[ParameterVector.length(model.parameters())];
      for (int i = 0; i < values.length; i++) {
        values[i] = in.readDouble();
      }
      ParameterVector.setValues(model.parameters(), values);
      model.position(steps, seen);
    }
  }
}
