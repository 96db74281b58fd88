package dev.dither.bench.experiments;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) fall: each sample is charged
 * to the innermost frame (inlined frames included) that is a method of a class of
 * {@code dev.dither.bench} (the generated model, the baseline, the experiment) or
 * {@code CounterNoise.fill} or the optimizer, so that JIT inlining does not hide the generated
 * methods. Samples of threads in native code ({@code jdk.NativeMethodSample}, e.g. JDK 17's
 * {@code StrictMath.tanh}) are counted separately by their top frame; JFR's {@code profile}
 * settings take them every 20 ms against every 10 ms for Java samples. Usage: {@code java -cp
 * bench/target/benchmarks.jar dev.dither.bench.experiments.JfrTopMethods recording.jfr}.
 */
public final class JfrTopMethods {
  private JfrTopMethods() {}

  public static void main(String[] args) throws IOException {
    Map<String, Integer> java = new LinkedHashMap<>();
    Map<String, Integer> nativeSamples = new LinkedHashMap<>();
    int javaTotal = 0;
    int nativeTotal = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      String type = e.getEventType().getName();
      if (e.getStackTrace() == null || e.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (type.equals("jdk.ExecutionSample")) {
        java.merge(charge(frames), 1, Integer::sum);
        javaTotal++;
      } else if (type.equals("jdk.NativeMethodSample")) {
        nativeSamples.merge(name(frames.get(0)), 1, Integer::sum);
        nativeTotal++;
      }
    }
    print("Java samples", java, javaTotal);
    print("native samples", nativeSamples, nativeTotal);
  }

  private static String charge(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String type = f.getMethod().getType().getName();
      String method = f.getMethod().getName();
      if (type.equals("dev.dither.runtime.CounterNoise") && method.equals("fill")) {
        return "CounterNoise.fill (noise)";
      }
      if (type.endsWith("Optimizer") || type.equals("dev.dither.runtime.ParameterSet")) {
        return "optimizer";
      }
      if (type.startsWith("dev.dither.bench.") && !method.equals("trainStep")
          && !type.contains("LstmLoop")) {
        return name(f);
      }
    }
    return "other: " + name(frames.get(0));
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> counts, int total) {
    System.out.printf("%s: %d%n", title, total);
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(15)
        .forEach(en -> System.out.printf("  %5.1f%%  %s%n", 100.0 * en.getValue() / total, en.getKey()));
  }
}
