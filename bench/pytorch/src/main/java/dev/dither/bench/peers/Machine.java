package dev.dither.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine a run is on: CPU model and flags from /proc/cpuinfo, the load, and the single-core
 * FP32 FMA peak measured with independent vector FMA chains (the Vector API, so that the JIT
 * issues the widest FMA the CPU has), against which the tables give % of peak.
 */
final class Machine {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private Machine() {}

  static String cpuModel() {
    return cpuinfo("model name");
  }

  /** The vector extensions among the CPU's flags that matter for these kernels. */
  static String vectorFlags() {
    String flags = " " + cpuinfo("flags") + " ";
    StringBuilder out = new StringBuilder();
    for (String f : List.of("avx2", "fma", "avx512f", "avx512vl", "avx512_bf16")) {
      if (flags.contains(" " + f + " ")) {
        out.append(out.length() == 0 ? "" : " ").append(f);
      }
    }
    return out.toString();
  }

  private static String cpuinfo(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith(key)) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    return "unknown";
  }

  static String uptime() {
    try {
      String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return "load average " + load[0] + ", " + load[1] + ", " + load[2];
    } catch (IOException e) {
      return "load unknown";
    }
  }

  /** Vector width in bits the JIT uses for floats. */
  static int vectorBits() {
    return SPECIES.vectorBitSize();
  }

  /**
   * The best of many short timed runs, in GFLOP/s (an FMA is two FLOPs): on a shared machine the
   * best run is the one least disturbed by other processes.
   */
  static double fmaPeakGflops() {
    double best = 0;
    for (int run = 0; run < 40; run++) {
      long iterations = 5_000_000;
      long start = System.nanoTime();
      float result = fmaChains(iterations);
      long elapsed = System.nanoTime() - start;
      Measure.sink = result;
      if (run >= 3) {
        best = Math.max(best, 2.0 * 12 * SPECIES.length() * iterations / elapsed);
      }
    }
    return best;
  }

  /** Twelve independent FMA chains: enough to cover the latency of two FMA pipes. */
  private static float fmaChains(long iterations) {
    FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
    FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
    FloatVector c0 = FloatVector.broadcast(SPECIES, 0f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
    FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
    for (long i = 0; i < iterations; i++) {
      c0 = a.fma(c0, b);
      c1 = a.fma(c1, b);
      c2 = a.fma(c2, b);
      c3 = a.fma(c3, b);
      c4 = a.fma(c4, b);
      c5 = a.fma(c5, b);
      c6 = a.fma(c6, b);
      c7 = a.fma(c7, b);
      c8 = a.fma(c8, b);
      c9 = a.fma(c9, b);
      c10 = a.fma(c10, b);
      c11 = a.fma(c11, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
