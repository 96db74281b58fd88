package dev.dither.bench.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.bench.LstmNetworks;
import dev.dither.bench.NahLstmModel;
import dev.dither.bench.SequenceData;
import dev.dither.runtime.CounterNoise;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The experiment's numbers mean something only if it trains and infers like the generated model. */
class NahLstmRowsTest {

  @ParameterizedTest
  @CsvSource({"false, 1", "false, 16", "true, 1", "true, 16"})
  void trainsAndInfersLikeTheGeneratedModel(boolean transposed, int batch) {
    NahLstmModel generated = LstmNetworks.saturate(new NahLstmModel(31)).noiseSource(new CounterNoise(3));
    NahLstmRows experiment = LstmNetworks.saturate(new NahLstmRows(31, transposed)).noiseSource(new CounterNoise(3));
    SequenceData data = new SequenceData(6, batch);
    for (int step = 0; step < 6; step++) {
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
    // The update must have moved the parameters, or the comparison above proves nothing.
    float[] before = LstmNetworks.saturate(new NahLstmModel(31)).parameters().get("rnn.weight_hh").floatValues();
    float[] after = experiment.parameters().get("rnn.weight_hh").floatValues();
    double moved = 0;
    for (int i = 0; i < before.length; i++) {
      moved += Math.abs(before[i] - after[i]);
    }
    assertTrue(moved > 0, "weight_hh did not move");
    SequenceData single = new SequenceData(7, 1);
    float[] expected = new float[SequenceData.CLASSES];
    float[] actual = new float[SequenceData.CLASSES];
    generated.infer(single.inputs(0), expected);
    experiment.infer(single.inputs(0), actual);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(expected[k], actual[k], 1e-4 * Math.abs(expected[k]) + 1e-6, "logit " + k);
    }
  }
}
