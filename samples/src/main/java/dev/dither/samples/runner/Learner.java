package dev.dither.samples.runner;

import dev.dither.runtime.GeneratedModel;

/**
 * The typed entry points of a generated classifier with {@code float[]} inputs and {@code int[]}
 * labels, behind one type so that an experiment can treat its variants alike.
 */
public record Learner(GeneratedModel model, TrainStep trainStep, Loss loss, Classify classify) {
  /** {@code trainStep(inputs, labels)}: mean loss of the batch before the update. */
  public interface TrainStep {
    double apply(float[] inputs, int[] labels);
  }

  /** {@code loss(inputs, labels)}: mean loss in evaluation mode. */
  public interface Loss {
    double apply(float[] inputs, int[] labels);
  }

  /** {@code classify(inputs, classes)}: the most likely class of each example, evaluation mode. */
  public interface Classify {
    void apply(float[] inputs, int[] classes);
  }

  /** Mean loss and accuracy on a data set, evaluated in slices of {@code slice} examples so the buffers stay small. */
  public Evaluation evaluate(float[] inputs, int[] labels, int slice) {
    int width = inputs.length / labels.length;
    double lossSum = 0;
    int right = 0;
    float[] x = new float[Math.min(slice, labels.length) * width];
    int[] y = new int[Math.min(slice, labels.length)];
    int[] predicted = new int[y.length];
    for (int from = 0; from < labels.length; from += slice) {
      int n = Math.min(slice, labels.length - from);
      if (n != y.length) {
        x = new float[n * width];
        y = new int[n];
        predicted = new int[n];
      }
      System.arraycopy(inputs, from * width, x, 0, n * width);
      System.arraycopy(labels, from, y, 0, n);
      lossSum += loss.apply(x, y) * n;
      classify.apply(x, predicted);
      for (int i = 0; i < n; i++) {
        right += predicted[i] == y[i] ? 1 : 0;
      }
    }
    return new Evaluation(lossSum / labels.length, (double) right / labels.length);
  }

  /** Mean loss and share of correct classes. */
  public record Evaluation(double loss, double accuracy) {}
}
