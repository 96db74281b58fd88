package dev.dither.bench.experiments;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.MnistLikeData;
import dev.dither.bench.Networks;
import dev.dither.bench.baseline.HandWrittenMlp;
import dev.dither.runtime.Optimizer;
import dev.dither.runtime.Optimizers;
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
 * Where a hard-tanh training step spends its time, through the public entry points only:
 * {@code loss} is the forward pass (plus the loss), {@code gradients} adds the backward pass,
 * {@code trainStep} adds the update, and {@code optimizerStep} is the update alone (plain SGD
 * over all 269,322 parameters). Differences between them give the backward pass and the update.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class PhaseBenchmarks {
  @Param({"1", "32"})
  public int batch;

  HardTanhMlpModel generated;
  HandWrittenMlp baseline;
  Optimizer sgd;
  MnistLikeData data;
  float[] logits;

  @Setup
  public void setUp() {
    generated = new HardTanhMlpModel(42);
    baseline = Networks.hardTanhBaseline(generated);
    sgd = Optimizers.sgd(0.01);
    data = new MnistLikeData(2016, batch);
    logits = new float[batch * MnistLikeData.CLASSES];
    generated.gradients(data.inputs(0), data.labels(0));
  }

  @Benchmark
  public double generated_1_loss() {
    int b = data.advance();
    return generated.loss(data.inputs(b), data.labels(b));
  }

  @Benchmark
  public double generated_2_gradients() {
    int b = data.advance();
    return generated.gradients(data.inputs(b), data.labels(b));
  }

  @Benchmark
  public double generated_3_trainStep() {
    int b = data.advance();
    return generated.trainStep(data.inputs(b), data.labels(b));
  }

  @Benchmark
  public Optimizer generated_4_optimizerStep() {
    sgd.step(generated.parameters());
    return sgd;
  }

  @Benchmark
  public float[] baseline_1_infer() {
    baseline.infer(data.inputs(data.advance()), logits);
    return logits;
  }

  @Benchmark
  public double baseline_2_gradients() {
    int b = data.advance();
    return baseline.gradients(data.inputs(b), data.labels(b));
  }

  @Benchmark
  public double baseline_3_trainStep() {
    int b = data.advance();
    return baseline.trainStep(data.inputs(b), data.labels(b));
  }
}
