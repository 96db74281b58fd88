package dev.dither.bench;

import static dev.dither.bench.Equivalence.RELATIVE;
import static dev.dither.bench.Equivalence.assertClose;
import static dev.dither.bench.Equivalence.assertTensorClose;
import static dev.dither.bench.Equivalence.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The LSTM benchmark compares like with like only if {@link HandWrittenLstm} computes what the
 * generated {@link SoftLstm} and {@link NahLstm} compute: the same loss, the same gradients of
 * every parameter (p included) through 50 steps of BPTT, the same SGD updates and the same
 * inference, from the same parameters and the same noise, in the benchmark's regime (weights
 * scaled by {@link LstmNetworks#saturate}). Checked in float to 1e-4 relative, as in
 * {@code BaselineEquivalenceTest} (see {@link #assertTensorClose}).
 */
class LstmEquivalenceTest {
  private static final int H = LstmNetworks.HIDDEN;
  private static final int GATES = 4 * H;

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 16})
  void softGradientsMatch(int batch) {
    SoftLstmModel generated = LstmNetworks.saturate(new SoftLstmModel(11));
    HandWrittenLstm baseline = LstmNetworks.softBaseline(generated);
    SequenceData data = new SequenceData(3, batch);
    for (int b = 0; b < 3; b++) {
      float[] x = data.inputs(b);
      int[] y = data.labels(b);
      double expected = generated.gradients(x, y);
      double actual = baseline.gradients(x, y);
      assertClose("loss", expected, actual);
      assertGradientsMatch(generated, baseline, false);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 16})
  void nahGradientsMatch(int batch) {
    NahLstmModel generated = LstmNetworks.saturate(new NahLstmModel(11));
    HandWrittenLstm baseline = LstmNetworks.nahBaseline(generated, 5);
    SequenceData data = new SequenceData(3, batch);
    int gatePGradsSeen = 0;
    int cellPGradsSeen = 0;
    for (int b = 0; b < 3; b++) {
      float[] x = data.inputs(b);
      int[] y = data.labels(b);
      double expected = generated.gradients(x, y);
      double actual = baseline.gradients(x, y);
      assertClose("loss", expected, actual);
      assertGradientsMatch(generated, baseline, true);
      for (float g : baseline.pGatesGrad()) {
        gatePGradsSeen += g != 0 ? 1 : 0;
      }
      for (float g : baseline.pCellGrad()) {
        cellPGradsSeen += g != 0 ? 1 : 0;
      }
    }
    // p's gradient is non-zero only where a site saturated: make sure the noisy branch of the gate
    // sites and of the cell site was compared.
    assertTrue(gatePGradsSeen > 0, "no gate site saturated");
    assertTrue(cellPGradsSeen > 0, "no cell site saturated");
  }

  @ParameterizedTest
  @ValueSource(strings = {"soft", "nah"})
  void trainingStepsAndInferenceMatch(String variant) {
    GeneratedModel model;
    HandWrittenLstm baseline;
    Trainer generatedTrainer;
    Inferer generatedInferer;
    if (variant.equals("nah")) {
      NahLstmModel m = LstmNetworks.saturate(new NahLstmModel(23));
      baseline = LstmNetworks.nahBaseline(m, 9);
      generatedTrainer = m::trainStep;
      generatedInferer = m::infer;
      model = m;
    } else {
      SoftLstmModel m = LstmNetworks.saturate(new SoftLstmModel(23));
      baseline = LstmNetworks.softBaseline(m);
      generatedTrainer = m::trainStep;
      generatedInferer = m::infer;
      model = m;
    }
    SequenceData data = new SequenceData(4, 8);
    for (int step = 0; step < 10; step++) {
      int b = data.advance();
      double expected = generatedTrainer.trainStep(data.inputs(b), data.labels(b));
      double actual = baseline.trainStep(data.inputs(b), data.labels(b));
      assertClose("loss at step " + step, expected, actual);
    }
    assertEquals(model.examplesSeen(), baseline.examplesSeen());
    for (String name : names(baseline.pGates() != null)) {
      assertTensorClose(name + " after training", torch(model.parameters().get(name), false),
          LstmNetworks.baselineParameter(baseline, name, false));
    }
    SequenceData single = new SequenceData(5, 1);
    for (int b = 0; b < 4; b++) {
      float[] expected = new float[SequenceData.CLASSES];
      float[] actual = new float[SequenceData.CLASSES];
      generatedInferer.infer(single.inputs(b), expected);
      baseline.infer(single.inputs(b), actual);
      double[] e = new double[expected.length];
      for (int k = 0; k < e.length; k++) {
        e[k] = expected[k];
      }
      assertTensorClose("logits of example " + b, e, actual);
    }
  }

  /**
   * The benchmark is meant to run NAH's noise term, which is non-zero only on saturated sites:
   * check that the benchmark's initialisation saturates a sizeable share of every site on the
   * benchmark's data (training-mode forward passes of the benchmark's model and noise over the
   * whole pool; the fractions are reported in BENCHMARKS.md).
   */
  @Test
  void benchmarkRegimeSaturatesEveryNoisySite() {
    NahLstmModel generated = LstmNetworks.saturate(new NahLstmModel(LstmBenchmarks.MODEL_SEED));
    HandWrittenLstm baseline = LstmNetworks.nahBaseline(generated, LstmBenchmarks.NOISE_SEED);
    int batch = 16;
    SequenceData data = new SequenceData(LstmBenchmarks.DATA_SEED, batch);
    long[] saturated = new long[5];
    long[] sites = new long[5];
    for (int b = 0; b < data.batches(); b++) {
      baseline.gradients(data.inputs(b), data.labels(b));
      float[] pre = baseline.gatePreActivations();
      for (int j = 0; j < batch * LstmNetworks.STEPS * GATES; j++) {
        int block = (j % GATES) / H;
        // Hard sigmoid: saturated where |0.25x + 0.5 - 0.5| > 0.5; hard tanh where |x| > 1.
        double threshold = block == 2 ? 1 : 2;
        sites[block]++;
        saturated[block] += Math.abs(pre[j]) > threshold ? 1 : 0;
      }
      float[] cell = baseline.cellStates();
      for (int j = 0; j < batch * LstmNetworks.STEPS * H; j++) {
        sites[4]++;
        saturated[4] += Math.abs(cell[j]) > 1 ? 1 : 0;
      }
    }
    String[] names = {"input gate", "forget gate", "candidate", "output gate", "cell"};
    List<String> fractions = new ArrayList<>();
    for (int s = 0; s < 5; s++) {
      fractions.add(names[s] + " " + (double) saturated[s] / sites[s]);
    }
    for (int s = 0; s < 4; s++) {
      double fraction = (double) saturated[s] / sites[s];
      assertTrue(fraction > 0.2 && fraction < 0.45, "saturated fractions: " + fractions);
    }
    double cellFraction = (double) saturated[4] / sites[4];
    assertTrue(cellFraction > 0.03 && cellFraction < 0.45, "saturated fractions: " + fractions);
  }

  @FunctionalInterface
  private interface Trainer {
    double trainStep(float[] inputs, int[] labels);
  }

  @FunctionalInterface
  private interface Inferer {
    void infer(float[] inputs, float[] outputs);
  }

  private static List<String> names(boolean noisy) {
    List<String> names = new ArrayList<>(List.of(LstmNetworks.PARAMETERS));
    if (noisy) {
      names.add("rnn.p_gates");
      names.add("rnn.p_cell");
    }
    return names;
  }

  private static void assertGradientsMatch(GeneratedModel generated, HandWrittenLstm baseline,
      boolean noisy) {
    for (String name : names(noisy)) {
      assertTensorClose(name + " grad", torch(generated.parameters().get(name), true),
          LstmNetworks.baselineParameter(baseline, name, true));
    }
  }

}
