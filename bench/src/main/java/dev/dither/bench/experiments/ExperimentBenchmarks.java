package dev.dither.bench.experiments;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.MnistLikeData;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hand-edited variants of the generated hard-tanh MLP ({@link HardTanhMlpRows}) on the same
 * data, seeds and workloads as {@code MlpBenchmarks.hardTanh_*}, to see what the writer could
 * gain. Run together with {@code MlpBenchmarks.hardTanh_.*_generated} for reference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class ExperimentBenchmarks {
  static final long MODEL_SEED = 42;
  static final long DATA_SEED = 2016;

  /**
   * {@code rows}: vectorisable loops; {@code FusedSgd}: plus SGD fused into the backward pass;
   * {@code TransposedPropagate}: plus the input gradient from a transposed weight copy at batch 8+.
   */
  @Param({"rows", "rowsFusedSgd", "rowsTransposedPropagate", "rowsFusedSgdTransposedPropagate"})
  public String variant;

  HardTanhMlpRows model;
  MnistLikeData batch1;
  MnistLikeData batch32;
  final float[] logits = new float[MnistLikeData.CLASSES];

  @Setup
  public void setUp() {
    model = new HardTanhMlpRows(new HardTanhMlpModel(MODEL_SEED), variant.contains("FusedSgd"),
        variant.contains("TransposedPropagate"));
    batch1 = new MnistLikeData(DATA_SEED, 1);
    batch32 = new MnistLikeData(DATA_SEED, 32);
  }

  @Benchmark
  public double hardTanh_trainB1() {
    int b = batch1.advance();
    return model.trainStep(batch1.inputs(b), batch1.labels(b));
  }

  @Benchmark
  public double hardTanh_trainB32() {
    int b = batch32.advance();
    return model.trainStep(batch32.inputs(b), batch32.labels(b));
  }

  @Benchmark
  public float[] hardTanh_inferB1() {
    model.infer(batch1.inputs(batch1.advance()), logits);
    return logits;
  }
}
