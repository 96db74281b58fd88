package dev.dither.bench.experiments;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Before/after comparisons on a shared machine: the same benchmark workload from several builds
 * of {@code benchmarks.jar} (each loaded in its own class loader, so two generations of the same
 * generated class run side by side), plus the last jar's hand-written baseline, timed round-robin
 * in one JVM so that load changes hit every implementation alike. Usage:
 * {@code java -cp bench/target/benchmarks.jar dev.dither.bench.experiments.JarTimer
 * mlp-hardtanh|mlp-nah|mlp-hardtanh-infer|lstm-soft|lstm-nah batch rounds a.jar [b.jar ...]}.
 * Prints p10, median and p90 per call and the first implementation's median over each median.
 */
public final class JarTimer {
  private JarTimer() {}

  /** One implementation of the workload: a model and its own data pool, called reflectively. */
  private record Impl(String name, Object model, Method step, Object data, Method advance, Method inputs,
      Method labels, float[] outputs) {
    double run() throws ReflectiveOperationException {
      int b = (int) advance.invoke(data);
      Object x = inputs.invoke(data, b);
      if (outputs != null) {
        step.invoke(model, x, outputs);
        return outputs[0];
      }
      return (double) step.invoke(model, x, labels.invoke(data, b));
    }
  }

  public static void main(String[] args) throws Exception {
    String workload = args[0];
    int batch = Integer.parseInt(args[1]);
    int rounds = Integer.parseInt(args[2]);
    boolean lstm = workload.startsWith("lstm");
    boolean nah = workload.contains("nah");
    boolean infer = workload.endsWith("infer");
    List<Impl> impls = new ArrayList<>();
    for (int j = 3; j < args.length; j++) {
      String label = Path.of(args[j]).getFileName().toString().replace(".jar", "");
      ClassLoader cl = new URLClassLoader(new URL[] {Path.of(args[j]).toUri().toURL()},
          ClassLoader.getPlatformClassLoader());
      Class<?> dataType = cl.loadClass(lstm ? "dev.dither.bench.SequenceData" : "dev.dither.bench.MnistLikeData");
      String variant = nah ? "Nah" : lstm ? "Soft" : "HardTanh";
      Class<?> modelType = cl.loadClass("dev.dither.bench." + variant + (lstm ? "LstmModel" : "MlpModel"));
      Object model = modelType.getConstructor(long.class).newInstance(42L);
      Class<?> networks = cl.loadClass(lstm ? "dev.dither.bench.LstmNetworks" : "dev.dither.bench.Networks");
      if (lstm) {
        for (Method m : networks.getMethods()) {
          if (m.getName().equals("saturate")) {
            m.invoke(null, model);
          }
        }
      }
      Object baseline = nah
          ? networks.getMethod("nahBaseline", modelType, long.class).invoke(null, model, 7L)
          : networks.getMethod(lstm ? "softBaseline" : "hardTanhBaseline", modelType).invoke(null, model);
      if (nah) {
        // The generated model draws the same noise as the baseline it was copied into.
        Class<?> noise = cl.loadClass("dev.dither.runtime.NoiseSource");
        Object counter = cl.loadClass("dev.dither.runtime.CounterNoise").getConstructor(long.class).newInstance(7L);
        modelType.getMethod("noiseSource", noise).invoke(model, counter);
      }
      impls.add(impl(label + " generated", model, dataType, batch, infer));
      if (j == args.length - 1) {
        impls.add(impl(label + " hand-written", baseline, dataType, batch, infer));
      }
    }
    int calls = Math.max(1, (lstm ? 20 : 400) / batch);
    int warmup = 5;
    Map<String, List<Double>> times = new LinkedHashMap<>();
    for (int r = 0; r < rounds + warmup; r++) {
      for (Impl impl : impls) {
        long start = System.nanoTime();
        for (int c = 0; c < calls; c++) {
          impl.run();
        }
        if (r >= warmup) {
          times.computeIfAbsent(impl.name(), k -> new ArrayList<>()).add((System.nanoTime() - start) / 1e3 / calls);
        }
      }
    }
    System.out.printf("%s, batch %d: %d rounds of %d calls after %d warm-up rounds, us per call%n", workload, batch,
        rounds, calls, warmup);
    double first = -1;
    for (Map.Entry<String, List<Double>> e : times.entrySet()) {
      List<Double> v = e.getValue();
      Collections.sort(v);
      double median = v.get(v.size() / 2);
      first = first < 0 ? median : first;
      System.out.printf("  %-28s p10 %11.1f  median %11.1f  p90 %11.1f  first / this %5.2f%n", e.getKey(),
          v.get(v.size() / 10), median, v.get(v.size() * 9 / 10), first / median);
    }
  }

  private static Impl impl(String name, Object model, Class<?> dataType, int batch, boolean infer)
      throws ReflectiveOperationException {
    Object data = dataType.getConstructor(long.class, int.class).newInstance(2016L, batch);
    Method step = infer
        ? model.getClass().getMethod("infer", float[].class, float[].class)
        : model.getClass().getMethod("trainStep", float[].class, int[].class);
    return new Impl(name, model, step, data, dataType.getMethod("advance"), dataType.getMethod("inputs", int.class),
        dataType.getMethod("labels", int.class), infer ? new float[batch * 10] : null);
  }
}
