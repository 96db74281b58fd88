package dev.dither.bench.experiments;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The inner loop of the generated dense layers in isolation: 256 × 32 axpy updates of length 256
 * (the shape of {@code hidden2Linear} at batch 32), written three ways. Only the loop's array
 * indexing differs. Scores are per call; divide by 2,097,152 for time per multiply-add.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class AxpyBenchmarks {
  static final int UNITS = 256;
  static final int INPUTS = 256;
  static final int BATCH = 32;

  float[] wFlat;
  float[] zFlat;
  float[][] zRows;
  float[][] wRows;
  float[] x;
  final float[] scratch = new float[UNITS];

  @Setup
  public void setUp() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    wFlat = new float[INPUTS * UNITS];
    wRows = new float[INPUTS][UNITS];
    for (int i = 0; i < INPUTS; i++) {
      for (int o = 0; o < UNITS; o++) {
        wFlat[i * UNITS + o] = wRows[i][o] = (float) r.nextDouble(-0.1, 0.1);
      }
    }
    zFlat = new float[BATCH * UNITS];
    zRows = new float[BATCH][UNITS];
    x = new float[BATCH * INPUTS];
    for (int k = 0; k < x.length; k++) {
      x[k] = (float) r.nextDouble(-1, 1);
    }
  }

  /** As generated: {@code z[zo + o] += xi * w[row + o]}, two different loop-invariant offsets. */
  @Benchmark
  public float[] flatAsGenerated() {
    final float[] w = wFlat;
    final float[] z = zFlat;
    for (int i = 0; i < INPUTS; i++) {
      final int row = i * UNITS;
      for (int n = 0; n < BATCH; n++) {
        final float xi = x[n * INPUTS + i];
        final int zo = n * UNITS;
        for (int o = 0; o < UNITS; o++) {
          z[zo + o] += xi * w[row + o];
        }
      }
    }
    return z;
  }

  /** Flat weights, but the row is copied to a scratch array and z is one array per example. */
  @Benchmark
  public float[][] flatWeightsScratchRow() {
    final float[] wRow = scratch;
    for (int i = 0; i < INPUTS; i++) {
      System.arraycopy(wFlat, i * UNITS, wRow, 0, UNITS);
      for (int n = 0; n < BATCH; n++) {
        final float xi = x[n * INPUTS + i];
        final float[] zr = zRows[n];
        for (int o = 0; o < UNITS; o++) {
          zr[o] += xi * wRow[o];
        }
      }
    }
    return zRows;
  }

  /** Weights and z both as arrays of rows: no offsets at all. */
  @Benchmark
  public float[][] rows() {
    for (int i = 0; i < INPUTS; i++) {
      final float[] wRow = wRows[i];
      for (int n = 0; n < BATCH; n++) {
        final float xi = x[n * INPUTS + i];
        final float[] zr = zRows[n];
        for (int o = 0; o < UNITS; o++) {
          zr[o] += xi * wRow[o];
        }
      }
    }
    return zRows;
  }
}
