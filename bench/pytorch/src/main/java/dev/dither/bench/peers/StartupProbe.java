package dev.dither.bench.peers;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.Networks;
import dev.dither.bench.baseline.HandWrittenMlp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * W4: the time from starting a JVM to the first inference of the W1 network, measured from
 * outside: the parent starts a JVM running {@link #main} and stops the clock when the child
 * prints its answer. The child builds the network (the generated model from its seed; the
 * baseline and PyTorch copy its parameters, as in the other workloads) and infers one example.
 */
public final class StartupProbe {
  private static final String READY = "first inference done";

  private StartupProbe() {}

  public static void main(String[] args) {
    float[] input = new float[Networks.SIZES[0]];
    for (int i = 0; i < input.length; i += 5) {
      input[i] = 0.5f;
    }
    float[] output = new float[Networks.SIZES[3]];
    HardTanhMlpModel model = new HardTanhMlpModel(42);
    switch (args[0]) {
      case "dither" -> model.infer(input, output);
      case "java" -> Networks.hardTanhBaseline(model).infer(input, output);
      case "pytorch" -> {
        try (TorchMlp torch = new TorchMlp(model)) {
          torch.infer(input, output);
        }
      }
      default -> throw new IllegalArgumentException("dither, java or pytorch, not " + args[0]);
    }
    System.out.println(READY + " " + output[0]);
  }

  /**
   * Milliseconds from process start to the child's answer, {@code [implementation][run]}, after
   * one unmeasured run of each; the implementations take their runs in turn.
   */
  static double[][] measure(List<String> implementations, int runs) throws IOException, InterruptedException {
    double[][] millis = new double[implementations.size()][runs];
    for (int r = -1; r < runs; r++) {
      for (int i = 0; i < implementations.size(); i++) {
        double ms = once(implementations.get(i));
        if (r >= 0) {
          millis[i][r] = ms;
        }
      }
    }
    return millis;
  }

  private static double once(String implementation) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    for (String property : List.of("ai.djl.offline", "ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads")) {
      if (System.getProperty(property) != null) {
        command.add("-D" + property + "=" + System.getProperty(property));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(), implementation));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith(READY)) {
          double ms = (System.nanoTime() - start) / 1e6;
          process.waitFor();
          return ms;
        }
        seen.append(line).append('\n');
      }
    }
    throw new IllegalStateException(implementation + " probe ended with exit code " + process.waitFor() + ":\n" + seen);
  }
}
