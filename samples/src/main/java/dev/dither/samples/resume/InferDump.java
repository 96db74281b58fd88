package dev.dither.samples.resume;

import java.nio.file.Path;
import java.util.Random;

/**
 * Prints random ±1 inputs for {@link ParityNet} on one line and what the model loaded from a
 * weights file infers for them on the next, for {@code samples/scripts/torch_roundtrip.py} to
 * compare with PyTorch.
 *
 * <p>Usage: {@code InferDump weights.safetensors}.
 */
public final class InferDump {
  private InferDump() {}

  public static void main(String[] args) throws Exception {
    ParityNetModel model = new ParityNetModel(1);
    model.loadWeights(Path.of(args[0]));
    int batch = 8;
    float[] inputs = new float[batch * model.inputSize()];
    Random random = new Random(3);
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = random.nextBoolean() ? 1f : -1f;
    }
    float[] outputs = new float[batch * model.outputSize()];
    model.infer(inputs, outputs);
    System.out.println(join(inputs));
    System.out.println(join(outputs));
  }

  private static String join(float[] values) {
    StringBuilder line = new StringBuilder();
    for (float v : values) {
      line.append(v).append(' ');
    }
    return line.toString().trim();
  }
}
