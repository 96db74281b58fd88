package dev.dither.bench.peers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.dither.bench.Networks;
import dev.dither.runtime.GeneratedModel;

/** W1 in PyTorch: 784-256-256-10 with hard-tanh ({@code clamp(-1, 1)}) hidden layers, {@code torch.nn.functional.linear}. */
final class TorchMlp extends TorchNet {
  private final NDArray[] weights = new NDArray[3];
  private final NDArray[] biases = new NDArray[3];

  TorchMlp(GeneratedModel model) {
    super(Networks.LEARNING_RATE);
    int[] sizes = Networks.SIZES;
    for (int l = 0; l < 3; l++) {
      weights[l] = parameter(model, Networks.LAYERS[l] + ".weight", sizes[l + 1], sizes[l]);
      biases[l] = parameter(model, Networks.LAYERS[l] + ".bias", sizes[l + 1]);
    }
  }

  @Override
  protected NDArray logits(NDManager step, float[] inputs, int batch) {
    NDArray x = step.create(inputs, new Shape(batch, Networks.SIZES[0]));
    for (int l = 0; l < 3; l++) {
      x = x.getNDArrayInternal().linear(x, weights[l], biases[l]).singletonOrThrow();
      if (l < 2) {
        x = x.clip(-1, 1);
      }
    }
    return x;
  }
}
