package dev.dither.bench.peers;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import dev.dither.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.List;

/**
 * A network in PyTorch (through DJL) holding a copy of a generated model's parameters, trained
 * with softmax cross-entropy and plain SGD written out as a PyTorch user would: forward under a
 * gradient collector, backward, {@code p -= lr * p.grad}, gradients zeroed.
 *
 * <p>Every array a step creates lives in that step's own {@link NDManager} until the step is
 * over: DJL 0.36 can corrupt gradients when an intermediate array (for example the result of
 * multiplying by a Java scalar) is freed before the backward pass, and a per-step manager also
 * frees everything of the step at once. The harness checks that the loss falls and that the
 * first two losses equal the generated model's ({@link Checks}).
 */
abstract class TorchNet implements AutoCloseable {
  private static final Loss CROSS_ENTROPY = Loss.softmaxCrossEntropyLoss();

  protected final NDManager manager = NDManager.newBaseManager();
  private final List<NDArray> parameters = new ArrayList<>();
  private final float learningRate;

  TorchNet(double learningRate) {
    this.learningRate = (float) learningRate;
  }

  /** A trainable copy of {@code model}'s parameter {@code name}, in PyTorch's layout and shape. */
  protected NDArray parameter(GeneratedModel model, String name, long... shape) {
    dev.dither.runtime.Parameter p = model.parameters().get(name);
    double[] values = new double[p.size()];
    p.copyToTorchLayout(values);
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    NDArray array = manager.create(floats, new Shape(shape));
    array.setRequiresGradient(true);
    parameters.add(array);
    return array;
  }

  /** The logits of a batch; {@code inputs} is example-major, as the generated code takes it. */
  protected abstract NDArray logits(NDManager step, float[] inputs, int batch);

  /** One SGD step; returns the loss before the update. */
  double trainStep(float[] inputs, int[] labels) {
    try (NDManager step = manager.newSubManager()) {
      NDArray loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray logits = logits(step, inputs, labels.length);
        loss = CROSS_ENTROPY.evaluate(new NDList(step.create(labels)), new NDList(logits));
        collector.backward(loss);
      }
      for (NDArray p : parameters) {
        NDArray grad = p.getGradient();
        grad.attach(step);
        p.subi(grad.mul(learningRate));
        grad.subi(grad);
      }
      return loss.getFloat();
    }
  }

  /** Logits without recording a graph. */
  void infer(float[] inputs, float[] outputs) {
    try (NDManager step = manager.newSubManager()) {
      NDArray logits = logits(step, inputs, 1);
      float[] values = logits.toFloatArray();
      System.arraycopy(values, 0, outputs, 0, values.length);
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
