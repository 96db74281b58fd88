package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The compile-time cost constants the peer benchmark divides by (GFLOP/s): they agree with the
 * parameters the benchmarked models hold and with the FLOPs worked out by hand for W1 and W2.
 */
class CostReportConstantsTest {
  @Test
  void parameterCountsAreThoseTheModelsHold() {
    assertEquals(new HardTanhMlpModel(1).parameters().scalarCount(), HardTanhMlpModel.PARAMETER_COUNT);
    assertEquals(new NahMlpModel(1).parameters().scalarCount(), NahMlpModel.PARAMETER_COUNT);
    assertEquals(new SoftLstmModel(1).parameters().scalarCount(), SoftLstmModel.PARAMETER_COUNT);
    assertEquals(new HardLstmModel(1).parameters().scalarCount(), HardLstmModel.PARAMETER_COUNT);
    assertEquals(new NahLstmModel(1).parameters().scalarCount(), NahLstmModel.PARAMETER_COUNT);
    assertEquals(new SoftGruModel(1).parameters().scalarCount(), SoftGruModel.PARAMETER_COUNT);
  }

  @Test
  void mlpFlops() {
    long first = 784 * 256;
    long rest = 256 * 256 + 256 * 10;
    assertEquals(2 * (first + rest), HardTanhMlpModel.INFERENCE_FLOPS_PER_EXAMPLE);
    // No gradient into the data: the first layer's backward is its weight gradient only.
    assertEquals(2 * (2 * first + 3 * rest), HardTanhMlpModel.TRAINING_FLOPS_PER_EXAMPLE);
  }

  @Test
  void recurrentFlops() {
    long steps = 50;
    long lstmInput = 32 * 512;
    long lstmRecurrent = 128 * 512;
    long head = 128 * 10;
    assertEquals(2 * (steps * (lstmInput + lstmRecurrent) + head), SoftLstmModel.INFERENCE_FLOPS_PER_EXAMPLE);
    assertEquals(2 * (steps * (2 * lstmInput + 3 * lstmRecurrent) + 3 * head), SoftLstmModel.TRAINING_FLOPS_PER_EXAMPLE);
    assertEquals(SoftLstmModel.TRAINING_FLOPS_PER_EXAMPLE, NahLstmModel.TRAINING_FLOPS_PER_EXAMPLE);
    long gruInput = 32 * 384;
    long gruRecurrent = 128 * 384;
    assertEquals(2 * (steps * (2 * gruInput + 3 * gruRecurrent) + 3 * head), SoftGruModel.TRAINING_FLOPS_PER_EXAMPLE);
  }
}
