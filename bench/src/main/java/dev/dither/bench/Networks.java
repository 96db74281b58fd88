package dev.dither.bench;

import dev.dither.bench.baseline.HandWrittenMlp;
import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;

/**
 * Builds the two implementations of each benchmarked network with identical parameters and
 * identical noise, so that they do the same work.
 */
public final class Networks {
  /** Layer names of {@link HardTanhMlp} and {@link NahMlp}, in order. */
  public static final String[] LAYERS = {"hidden1", "hidden2", "logits"};
  public static final int[] SIZES = {784, 256, 256, 10};
  public static final double LEARNING_RATE = 0.01;
  public static final double ALPHA = 1.15;
  public static final double C = 0.5;

  private Networks() {}

  /** The baseline for {@link HardTanhMlp}, holding a copy of {@code model}'s parameters. */
  public static HandWrittenMlp hardTanhBaseline(HardTanhMlpModel model) {
    HandWrittenMlp baseline = HandWrittenMlp.hardTanh(LEARNING_RATE, 0, SIZES);
    copyParameters(model, baseline);
    return baseline;
  }

  /**
   * The baseline for {@link NahMlp}, holding a copy of {@code model}'s parameters and drawing
   * its noise from a {@link CounterNoise} with {@code noiseSeed}; the model is given the same.
   */
  public static HandWrittenMlp nahBaseline(NahMlpModel model, long noiseSeed) {
    model.noiseSource(new CounterNoise(noiseSeed));
    HandWrittenMlp baseline = HandWrittenMlp.nah(LEARNING_RATE, ALPHA, C,
        new CounterNoise(noiseSeed), 0, SIZES);
    copyParameters(model, baseline);
    return baseline;
  }

  /** Copies weights, biases and p (where present) from the generated model, via PyTorch's layout. */
  public static void copyParameters(GeneratedModel model, HandWrittenMlp baseline) {
    for (int l = 0; l < LAYERS.length; l++) {
      copy(model.parameters().get(LAYERS[l] + ".weight"), baseline.weight(l));
      copy(model.parameters().get(LAYERS[l] + ".bias"), baseline.bias(l));
      if (baseline.p(l) != null) {
        copy(model.parameters().get(LAYERS[l] + ".p"), baseline.p(l));
      }
    }
  }

  private static void copy(Parameter from, float[] to) {
    double[] values = new double[from.size()];
    from.copyToTorchLayout(values);
    for (int i = 0; i < values.length; i++) {
      to[i] = (float) values[i];
    }
  }
}
