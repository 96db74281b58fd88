package dev.dither.samples.parity;

import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Parameter;

/**
 * The parity task of {@link SaturatedStart}: all 2^{@value #BITS} patterns of ±1 inputs with
 * their parity, split 80/20, and how many first-layer units a network holds in saturation.
 *
 * <p>Why 10 bits and not 16: with 16 bits even a control network that starts unsaturated stays
 * at chance (50.2% train, 49.1% test after 15,000 steps of batch 32), so a failure to learn
 * would say nothing about saturation; with 10 bits the control learns.
 */
public final class Parity {
  static final int BITS = 10;

  private Parity() {}

  /** Share of first-layer pre-activations beyond |x| = 1 over the training set. */
  static double saturatedFraction(GeneratedModel model, Dataset data) {
    Parameter w = model.parameters().get("first.weight");
    Parameter b = model.parameters().get("first.bias");
    int units = b.size();
    long saturated = 0;
    int examples = data.trainLabels.length;
    for (int n = 0; n < examples; n++) {
      for (int k = 0; k < units; k++) {
        double z = b.get(k);
        for (int i = 0; i < BITS; i++) {
          z += data.trainInputs[n * BITS + i] * w.get(i * units + k);
        }
        saturated += Math.abs(z) > 1 ? 1 : 0;
      }
    }
    return (double) saturated / ((long) examples * units);
  }

  /** All 2^bits patterns as ±1 inputs with their parity, split 80/20 at random. */
  public record Dataset(float[] trainInputs, int[] trainLabels, float[] testInputs, int[] testLabels) {
    public static Dataset parity(int bits, long seed) {
      int count = 1 << bits;
      int[] order = new int[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      DitherRandom random = new DitherRandom(seed);
      for (int i = count - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      int train = count * 4 / 5;
      float[] trainInputs = new float[train * bits];
      int[] trainLabels = new int[train];
      float[] testInputs = new float[(count - train) * bits];
      int[] testLabels = new int[count - train];
      for (int r = 0; r < count; r++) {
        int pattern = order[r];
        boolean isTrain = r < train;
        int row = isTrain ? r : r - train;
        float[] inputs = isTrain ? trainInputs : testInputs;
        for (int i = 0; i < bits; i++) {
          inputs[row * bits + i] = ((pattern >> i) & 1) == 1 ? 1f : -1f;
        }
        (isTrain ? trainLabels : testLabels)[row] = Integer.bitCount(pattern) & 1;
      }
      return new Dataset(trainInputs, trainLabels, testInputs, testLabels);
    }
  }
}
