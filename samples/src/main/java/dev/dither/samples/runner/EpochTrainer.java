package dev.dither.samples.runner;

import dev.dither.runtime.DitherRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a classifier for a number of epochs over a fixed training set in a seeded random order
 * (a fresh permutation each epoch, the last batch smaller when the set does not divide, as
 * PyTorch's DataLoader with {@code shuffle=True}), evaluating on the test set after each epoch.
 */
public final class EpochTrainer {
  /** Examples per evaluation call: keeps the buffers the generated class grows small. */
  static final int EVAL_SLICE = 1000;

  private final float[] trainInputs;
  private final int[] trainLabels;
  private final float[] testInputs;
  private final int[] testLabels;
  private final int width;

  public EpochTrainer(float[] trainInputs, int[] trainLabels, float[] testInputs, int[] testLabels) {
    this.trainInputs = trainInputs;
    this.trainLabels = trainLabels;
    this.testInputs = testInputs;
    this.testLabels = testLabels;
    this.width = trainInputs.length / trainLabels.length;
  }

  public int trainingExamples() {
    return trainLabels.length;
  }

  /** The curve: after each epoch, the mean training loss of that epoch and the test accuracy. */
  public List<RunResult.CurvePoint> train(Learner learner, int epochs, int batch, long orderSeed, Progress progress) {
    DitherRandom order = new DitherRandom(DitherRandom.mix(orderSeed));
    int count = trainLabels.length;
    int[] permutation = new int[count];
    for (int i = 0; i < count; i++) {
      permutation[i] = i;
    }
    float[] x = new float[batch * width];
    int[] y = new int[batch];
    int rest = count % batch;
    float[] lastX = new float[rest * width];
    int[] lastY = new int[rest];
    List<RunResult.CurvePoint> curve = new ArrayList<>();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      shuffle(permutation, order);
      double lossSum = 0;
      for (int from = 0; from < count; from += batch) {
        int n = Math.min(batch, count - from);
        float[] bx = n == batch ? x : lastX;
        int[] by = n == batch ? y : lastY;
        for (int r = 0; r < n; r++) {
          int i = permutation[from + r];
          System.arraycopy(trainInputs, i * width, bx, r * width, width);
          by[r] = trainLabels[i];
        }
        lossSum += learner.trainStep().apply(bx, by) * n;
        progress.advance(n);
      }
      Learner.Evaluation test = learner.evaluate(testInputs, testLabels, EVAL_SLICE);
      curve.add(new RunResult.CurvePoint(epoch, lossSum / count, test.accuracy()));
    }
    return curve;
  }

  public Learner.Evaluation test(Learner learner) {
    return learner.evaluate(testInputs, testLabels, EVAL_SLICE);
  }

  private static void shuffle(int[] a, DitherRandom random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
