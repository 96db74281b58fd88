package dev.dither.bench;

import dev.dither.bench.baseline.HandWrittenMlp;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Generated code against {@link HandWrittenMlp} on the MLP 784-256-256-10: one SGD training
 * step at batch 1 and at batch 32, and inference at batch 1, for plain hard-tanh
 * ({@link HardTanhMlp}) and NAH noise ({@link NahMlp}). Both implementations start from the same
 * parameters (copied from the generated model) and the NAH pair draws identical noise; each
 * benchmark cycles through the same fixed pool of MNIST-like examples. JMH runs every
 * benchmark in its own fork, so the training benchmarks never see each other's updates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MlpBenchmarks {
  static final long MODEL_SEED = 42;
  static final long NOISE_SEED = 7;
  static final long DATA_SEED = 2016;

  /** Data in batches of 1 and of 32, and an output buffer for inference. */
  @State(Scope.Thread)
  public static class Data {
    MnistLikeData batch1;
    MnistLikeData batch32;
    final float[] logits = new float[MnistLikeData.CLASSES];

    @Setup
    public void setUp() {
      batch1 = new MnistLikeData(DATA_SEED, 1);
      batch32 = new MnistLikeData(DATA_SEED, 32);
    }
  }

  @State(Scope.Thread)
  public static class HardTanh {
    HardTanhMlpModel generated;
    HandWrittenMlp baseline;

    @Setup
    public void setUp() {
      generated = new HardTanhMlpModel(MODEL_SEED);
      baseline = Networks.hardTanhBaseline(generated);
    }
  }

  @State(Scope.Thread)
  public static class Nah {
    NahMlpModel generated;
    HandWrittenMlp baseline;

    @Setup
    public void setUp() {
      generated = new NahMlpModel(MODEL_SEED);
      baseline = Networks.nahBaseline(generated, NOISE_SEED);
    }
  }

  // ---- hard-tanh ----

  @Benchmark
  public double hardTanh_trainB1_generated(HardTanh net, Data data) {
    int b = data.batch1.advance();
    return net.generated.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double hardTanh_trainB1_baseline(HardTanh net, Data data) {
    int b = data.batch1.advance();
    return net.baseline.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double hardTanh_trainB32_generated(HardTanh net, Data data) {
    int b = data.batch32.advance();
    return net.generated.trainStep(data.batch32.inputs(b), data.batch32.labels(b));
  }

  @Benchmark
  public double hardTanh_trainB32_baseline(HardTanh net, Data data) {
    int b = data.batch32.advance();
    return net.baseline.trainStep(data.batch32.inputs(b), data.batch32.labels(b));
  }

  @Benchmark
  public float[] hardTanh_inferB1_generated(HardTanh net, Data data) {
    net.generated.infer(data.batch1.inputs(data.batch1.advance()), data.logits);
    return data.logits;
  }

  @Benchmark
  public float[] hardTanh_inferB1_baseline(HardTanh net, Data data) {
    net.baseline.infer(data.batch1.inputs(data.batch1.advance()), data.logits);
    return data.logits;
  }

  // ---- NAH ----

  @Benchmark
  public double nah_trainB1_generated(Nah net, Data data) {
    int b = data.batch1.advance();
    return net.generated.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double nah_trainB1_baseline(Nah net, Data data) {
    int b = data.batch1.advance();
    return net.baseline.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double nah_trainB32_generated(Nah net, Data data) {
    int b = data.batch32.advance();
    return net.generated.trainStep(data.batch32.inputs(b), data.batch32.labels(b));
  }

  @Benchmark
  public double nah_trainB32_baseline(Nah net, Data data) {
    int b = data.batch32.advance();
    return net.baseline.trainStep(data.batch32.inputs(b), data.batch32.labels(b));
  }

  @Benchmark
  public float[] nah_inferB1_generated(Nah net, Data data) {
    net.generated.infer(data.batch1.inputs(data.batch1.advance()), data.logits);
    return data.logits;
  }

  @Benchmark
  public float[] nah_inferB1_baseline(Nah net, Data data) {
    net.baseline.infer(data.batch1.inputs(data.batch1.advance()), data.logits);
    return data.logits;
  }
}
