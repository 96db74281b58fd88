package dev.dither.samples.parity;

import dev.dither.runtime.AnnealingSchedules;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.Optimizers;
import dev.dither.runtime.Parameter;
import java.util.Locale;

/**
 * The README's demo: 10-bit parity with a deep hard-tanh MLP whose hidden units all start in
 * saturation, trained from the same weights as it is and with NAH noise (Gulcehre et al.
 * 2016), next to a control with PyTorch's default initialisation. In saturation hard-tanh has
 * zero derivative, so without noise the hidden layers cannot move; the noise's scale σ(x)
 * depends on x, which gives them a gradient (sec. 4.1 of the paper).
 *
 * <p>Why 10 bits and not 16: with 16 bits even the control, which starts unsaturated, stays at
 * chance (50.2% train, 49.1% test after 15,000 steps of batch 32), so a failure to learn would
 * say nothing about saturation. With 10 bits the control learns, which makes the comparison
 * meaningful.
 *
 * <p>Usage: {@code ParityDemo [seed] [steps]}.
 */
public final class ParityDemo {
  /** Parity of this many ±1 inputs; all 2^BITS patterns, split 80/20 into training and test. */
  static final int BITS = 10;
  static final int BATCH = 32;

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 1;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 15_000;
    Dataset data = Dataset.parity(BITS, seed);
    System.out.printf(Locale.ROOT, "%d-bit parity: %d training and %d test patterns, batch %d, %d steps, seed %d%n",
        BITS, data.trainLabels.length, data.testLabels.length, BATCH, steps, seed);

    SaturatedParityModel plain = new SaturatedParityModel(seed);
    NoisyParityModel noisy = new NoisyParityModel(seed);
    copyWeights(plain, noisy);
    System.out.printf(Locale.ROOT, "saturated hidden units at initialisation: %.1f%%%n",
        100 * saturatedFraction(plain, data));

    HealthyParityModel healthy = new HealthyParityModel(seed);
    Run control = train("default init (control)", healthy, data, steps, seed,
        (x, y) -> healthy.trainStep(x, y), healthy::classify);
    Run withoutNoise = train("hard-tanh, no noise", plain, data, steps, seed,
        (x, y) -> plain.trainStep(x, y), plain::classify);
    // The paper's continuation schedule (sec. 6.6): c = 30 / sqrt(1 + floor(step / k)) down to
    // 0.5, compressed so that it reaches 0.5 at the last step as it does after 720k updates there.
    noisy.noiseSchedule(AnnealingSchedules.paper(30, Math.max(1, steps / 3600), 0.5));
    Run withNoise = train("hard-tanh + NAH noise", noisy, data, steps, seed,
        (x, y) -> noisy.trainStep(x, y), noisy::classify);
    System.out.println();
    System.out.println(control);
    System.out.println(withoutNoise);
    System.out.println(withNoise);
  }

  interface Step {
    double apply(float[] inputs, int[] labels);
  }

  interface Classifier {
    void classify(float[] inputs, int[] classes);
  }

  record Run(String name, long seed, double finalLoss, double trainAccuracy, double testAccuracy,
      double firstLayerMoved, double saturated, double seconds) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-22s seed %d: train loss %.4f, train accuracy %5.1f%%, test accuracy %5.1f%%,"
          + " first-layer weights moved %.3f, saturated %5.1f%% (%.1f s)",
          name, seed, finalLoss, 100 * trainAccuracy, 100 * testAccuracy, firstLayerMoved, 100 * saturated, seconds);
    }
  }

  static Run train(String name, GeneratedModel model, Dataset data, int steps, long seed, Step step, Classifier classifier) {
    model.optimizer(Optimizers.adam(1e-3));
    Parameter firstWeight = model.parameters().get("first.weight");
    double[] initial = toDouble(firstWeight.floatValues());
    DitherRandom order = new DitherRandom(seed ^ 0x5DEECE66DL);
    float[] x = new float[BATCH * BITS];
    int[] y = new int[BATCH];
    long start = System.nanoTime();
    double running = Math.log(2);
    for (int s = 1; s <= steps; s++) {
      for (int n = 0; n < BATCH; n++) {
        int i = order.nextInt(data.trainLabels.length);
        System.arraycopy(data.trainInputs, i * BITS, x, n * BITS, BITS);
        y[n] = data.trainLabels[i];
      }
      running = 0.99 * running + 0.01 * step.apply(x, y);
      if (s % (steps / 5) == 0) {
        System.out.printf(Locale.ROOT, "  %-22s step %6d  loss %.4f  test accuracy %5.1f%%%n", name, s, running,
            100 * accuracy(classifier, data.testInputs, data.testLabels));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double moved = 0;
    for (int i = 0; i < initial.length; i++) {
      moved += (firstWeight.get(i) - initial[i]) * (firstWeight.get(i) - initial[i]);
    }
    return new Run(name, seed, running, accuracy(classifier, data.trainInputs, data.trainLabels),
        accuracy(classifier, data.testInputs, data.testLabels), Math.sqrt(moved), saturatedFraction(model, data), seconds);
  }

  static double accuracy(Classifier classifier, float[] inputs, int[] labels) {
    int[] predicted = new int[labels.length];
    classifier.classify(inputs, predicted);
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** Starts both runs from the same weights (the noisy model also has p, drawn U[-1, 1]). */
  static void copyWeights(GeneratedModel from, GeneratedModel to) {
    for (Parameter p : from.parameters().all()) {
      to.parameters().get(p.name()).copyFrom(toDouble(p.floatValues()));
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

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
