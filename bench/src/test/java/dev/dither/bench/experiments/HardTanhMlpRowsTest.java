package dev.dither.bench.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.bench.HardTanhMlpModel;
import dev.dither.bench.MnistLikeData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The experiment's numbers mean something only if it trains and infers like the generated model. */
class HardTanhMlpRowsTest {

  @ParameterizedTest
  @CsvSource({"false, false, 1", "false, false, 32", "true, false, 1", "true, false, 32",
      "false, true, 32", "true, true, 32"})
  void trainsAndInfersLikeTheGeneratedModel(boolean fusedSgd, boolean transposed, int batch) {
    HardTanhMlpModel generated = new HardTanhMlpModel(31);
    HardTanhMlpRows experiment = new HardTanhMlpRows(generated, fusedSgd, transposed);
    MnistLikeData data = new MnistLikeData(6, batch);
    for (int step = 0; step < 8; step++) {
      int b = data.advance();
      double expected = generated.trainStep(data.inputs(b), data.labels(b));
      double actual = experiment.trainStep(data.inputs(b), data.labels(b));
      assertEquals(expected, actual, 1e-4 * Math.abs(expected), "loss at step " + step);
    }
    for (int k = 0; k < experiment.parameters().count(); k++) {
      float[] expected = generated.parameters().get(k).floatValues();
      float[] actual = experiment.parameters().get(k).floatValues();
      float largest = 0;
      for (float e : expected) {
        largest = Math.max(largest, Math.abs(e));
      }
      for (int i = 0; i < expected.length; i++) {
        assertTrue(Math.abs(expected[i] - actual[i]) <= 1e-4 * largest,
            experiment.parameters().get(k).name() + "[" + i + "]: " + expected[i] + " vs " + actual[i]);
      }
    }
    MnistLikeData single = new MnistLikeData(7, 1);
    float[] expected = new float[MnistLikeData.CLASSES];
    float[] actual = new float[MnistLikeData.CLASSES];
    generated.infer(single.inputs(0), expected);
    experiment.infer(single.inputs(0), actual);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], 1e-4 * Math.abs(expected[k]) + 1e-6, "logit " + k);
    }
  }
}
