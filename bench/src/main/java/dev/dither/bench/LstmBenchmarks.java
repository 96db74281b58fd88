package dev.dither.bench;

import dev.dither.bench.baseline.HandWrittenLstm;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Generated code against {@link HandWrittenLstm} on an LSTM sequence classifier (32 inputs × 50
 * steps → LSTM 128 → last state → dense 10, softmax cross-entropy, SGD 0.01, float): one
 * training step at batch 1 and at batch 16, for PyTorch's cell ({@link SoftLstm}) and for
 * every site with NAH noise ({@link NahLstm}). Both implementations start from the same
 * parameters (the generated model's, scaled by {@link LstmNetworks#saturate}, copied into the
 * baseline) and the NAH pair draws identical noise; each benchmark cycles through the same fixed
 * pool of random sequences. JMH runs every benchmark in its own fork, so the training benchmarks
 * never see each other's updates.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LstmBenchmarks {
  static final long MODEL_SEED = 42;
  static final long NOISE_SEED = 7;
  static final long DATA_SEED = 2016;

  /** Data in batches of 1 and of 16. */
  @State(Scope.Thread)
  public static class Data {
    SequenceData batch1;
    SequenceData batch16;

    @Setup
    public void setUp() {
      batch1 = new SequenceData(DATA_SEED, 1);
      batch16 = new SequenceData(DATA_SEED, 16);
    }
  }

  @State(Scope.Thread)
  public static class Soft {
    SoftLstmModel generated;
    HandWrittenLstm baseline;

    @Setup
    public void setUp() {
      generated = LstmNetworks.saturate(new SoftLstmModel(MODEL_SEED));
      baseline = LstmNetworks.softBaseline(generated);
    }
  }

  @State(Scope.Thread)
  public static class Nah {
    NahLstmModel generated;
    HandWrittenLstm baseline;

    @Setup
    public void setUp() {
      generated = LstmNetworks.saturate(new NahLstmModel(MODEL_SEED));
      baseline = LstmNetworks.nahBaseline(generated, NOISE_SEED);
    }
  }

  // ---- sigmoid/tanh gates ----

  @Benchmark
  public double soft_trainB1_generated(Soft net, Data data) {
    int b = data.batch1.advance();
    return net.generated.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double soft_trainB1_baseline(Soft net, Data data) {
    int b = data.batch1.advance();
    return net.baseline.trainStep(data.batch1.inputs(b), data.batch1.labels(b));
  }

  @Benchmark
  public double soft_trainB16_generated(Soft net, Data data) {
    int b = data.batch16.advance();
    return net.generated.trainStep(data.batch16.inputs(b), data.batch16.labels(b));
  }

  @Benchmark
  public double soft_trainB16_baseline(Soft net, Data data) {
    int b = data.batch16.advance();
    return net.baseline.trainStep(data.batch16.inputs(b), data.batch16.labels(b));
  }

  // ---- NAH gates ----

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
  public double nah_trainB16_generated(Nah net, Data data) {
    int b = data.batch16.advance();
    return net.generated.trainStep(data.batch16.inputs(b), data.batch16.labels(b));
  }

  @Benchmark
  public double nah_trainB16_baseline(Nah net, Data data) {
    int b = data.batch16.advance();
    return net.baseline.trainStep(data.batch16.inputs(b), data.batch16.labels(b));
  }
}
