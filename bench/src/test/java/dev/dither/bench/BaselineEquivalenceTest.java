package dev.dither.bench;

import static dev.dither.bench.Equivalence.RELATIVE;
import static dev.dither.bench.Equivalence.assertClose;
import static dev.dither.bench.Equivalence.assertTensorClose;
import static dev.dither.bench.Equivalence.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.bench.baseline.HandWrittenMlp;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The benchmark compares like with like only if the baseline computes what the generated code
 * computes: the same loss, the same gradients (weights, biases and NAH's p), the same update and
 * the same inference, from the same parameters and the same noise. Checked in float to 1e-4
 * relative (see {@link #assertTensorClose}); the differences seen are ~1e-6, float rounding of
 * different summation orders.
 */
class BaselineEquivalenceTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 32})
  void hardTanhGradientsMatch(int batch) {
    HardTanhMlpModel generated = new HardTanhMlpModel(11);
    HandWrittenMlp baseline = Networks.hardTanhBaseline(generated);
    MnistLikeData data = new MnistLikeData(3, batch);
    for (int b = 0; b < 3; b++) {
      float[] x = data.inputs(b);
      int[] y = data.labels(b);
      double expected = generated.gradients(x, y);
      double actual = baseline.gradients(x, y);
      assertClose("loss", expected, actual);
      assertGradientsMatch(generated, baseline);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4, 32})
  void nahGradientsMatch(int batch) {
    NahMlpModel generated = new NahMlpModel(11);
    HandWrittenMlp baseline = Networks.nahBaseline(generated, 5);
    MnistLikeData data = new MnistLikeData(3, batch);
    int saturatedSeen = 0;
    for (int b = 0; b < 3; b++) {
      float[] x = data.inputs(b);
      int[] y = data.labels(b);
      double expected = generated.gradients(x, y);
      double actual = baseline.gradients(x, y);
      assertClose("loss", expected, actual);
      assertGradientsMatch(generated, baseline);
      for (int l = 0; l < 2; l++) {
        for (float g : baseline.pGrad(l)) {
          if (g != 0) {
            saturatedSeen++;
          }
        }
      }
    }
    // The noise term (and so p's gradient) is non-zero only on saturated units: make sure the
    // comparison exercised it.
    assertTrue(saturatedSeen > 0, "no unit saturated: the noisy branch was not compared");
  }

  @ParameterizedTest
  @ValueSource(strings = {"hardTanh", "nah"})
  void trainingStepsAndInferenceMatch(String variant) {
    GeneratedModel model;
    HandWrittenMlp baseline;
    Trainer generatedTrainer;
    Inferer generatedInferer;
    if (variant.equals("nah")) {
      NahMlpModel m = new NahMlpModel(23);
      baseline = Networks.nahBaseline(m, 9);
      generatedTrainer = m::trainStep;
      generatedInferer = m::infer;
      model = m;
    } else {
      HardTanhMlpModel m = new HardTanhMlpModel(23);
      baseline = Networks.hardTanhBaseline(m);
      generatedTrainer = m::trainStep;
      generatedInferer = m::infer;
      model = m;
    }
    MnistLikeData data = new MnistLikeData(4, 8);
    for (int step = 0; step < 10; step++) {
      int b = data.advance();
      double expected = generatedTrainer.trainStep(data.inputs(b), data.labels(b));
      double actual = baseline.trainStep(data.inputs(b), data.labels(b));
      assertClose("loss at step " + step, expected, actual);
    }
    assertEquals(model.examplesSeen(), baseline.examplesSeen());
    for (int l = 0; l < Networks.LAYERS.length; l++) {
      String layer = Networks.LAYERS[l];
      assertTensorClose(layer + ".weight after training",
          torch(model.parameters().get(layer + ".weight"), false), baseline.weight(l));
      assertTensorClose(layer + ".bias after training",
          torch(model.parameters().get(layer + ".bias"), false), baseline.bias(l));
      if (baseline.p(l) != null) {
        assertTensorClose(layer + ".p after training",
            torch(model.parameters().get(layer + ".p"), false), baseline.p(l));
      }
    }
    MnistLikeData single = new MnistLikeData(5, 1);
    for (int b = 0; b < 4; b++) {
      float[] expected = new float[MnistLikeData.CLASSES];
      float[] actual = new float[MnistLikeData.CLASSES];
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
   * The benchmark is meant to run NAH's noise term, which is non-zero only on saturated units:
   * check that the declared initialisation saturates a sizeable share of them on the benchmark's
   * data (the fraction is reported in BENCHMARKS.md).
   */
  @ParameterizedTest
  @ValueSource(strings = {"hidden1", "hidden2"})
  void benchmarkRegimeSaturatesAboutAThirdOfTheHiddenUnits(String layer) {
    HandWrittenMlp baseline = Networks.hardTanhBaseline(new HardTanhMlpModel(MlpBenchmarks.MODEL_SEED));
    MnistLikeData data = new MnistLikeData(MlpBenchmarks.DATA_SEED, 1);
    double fraction = Saturation.mlpHidden(baseline, data, layer.equals("hidden1") ? 0 : 1);
    assertTrue(fraction > 0.2 && fraction < 0.45, layer + ": saturated fraction " + fraction);
  }

  @FunctionalInterface
  private interface Trainer {
    double trainStep(float[] inputs, int[] labels);
  }

  @FunctionalInterface
  private interface Inferer {
    void infer(float[] inputs, float[] outputs);
  }

  private static void assertGradientsMatch(GeneratedModel generated, HandWrittenMlp baseline) {
    for (int l = 0; l < Networks.LAYERS.length; l++) {
      String layer = Networks.LAYERS[l];
      assertTensorClose(layer + ".weight grad",
          torch(generated.parameters().get(layer + ".weight"), true), baseline.weightGrad(l));
      assertTensorClose(layer + ".bias grad",
          torch(generated.parameters().get(layer + ".bias"), true), baseline.biasGrad(l));
      if (baseline.p(l) != null) {
        assertTensorClose(layer + ".p grad",
            torch(generated.parameters().get(layer + ".p"), true), baseline.pGrad(l));
      }
    }
  }


}
