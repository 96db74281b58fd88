package dev.dither.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.Optimizers;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an inference view of the 784-256-256-10 MLP costs next to the model it serves: the
 * bytes of the arrays each instance reaches that the other does not (a view's weights are the
 * model's, so they count for the model only). Array sizes are counted exactly (16-byte header
 * plus elements, the 64-bit JVM's compressed layout); objects other than arrays are counted at
 * 16 bytes plus 8 per field, an estimate that is small next to the arrays.
 */
class InferenceViewMemoryTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 32})
  void aViewOwnsOnlyItsBuffers(int batch) throws Exception {
    HardTanhMlpModel model = new HardTanhMlpModel(MlpBenchmarks.MODEL_SEED).optimizer(Optimizers.adam(1e-3));
    MnistLikeData data = new MnistLikeData(MlpBenchmarks.DATA_SEED, batch);
    int b = data.advance();
    model.trainStep(data.inputs(b), data.labels(b));   // gradients, Adam's moments and buffers for 32
    HardTanhMlpModel.InferenceView view = model.inferenceView();
    float[] logits = new float[batch * MnistLikeData.CLASSES];
    view.infer(data.inputs(b), logits);                  // the view's buffers for 32
    assertArrayEquals(model.infer(data.inputs(b)), logits);

    Set<Object> modelReach = reach(model, Set.of());
    long modelBytes = bytes(modelReach);
    long viewBytes = bytes(reach(view, modelReach));
    long weights = 4 * model.parameters().scalarCount();
    System.out.printf("784-256-256-10 MLP, batch %d: model %,d bytes (weights %,d), inference view %,d bytes (%.1f%%)%n",
        batch, modelBytes, weights, viewBytes, 100.0 * viewBytes / modelBytes);
    assertTrue(modelBytes > 4 * weights, "model holds weights, gradients and two Adam moments: " + modelBytes);
    // Its activations for the batch (two 256-wide layers, pre-activation and output, and the logits), its
    // scratch (one weight row, and four for the one-example product: 5 KiB at width 256) and little else.
    long activations = 4L * batch * (4 * 256 + 10);
    assertTrue(viewBytes < activations + 12 * 1024, "a view owns no weights, gradients or optimizer state: " + viewBytes);
  }

  /** Objects reachable from {@code root} through fields, not through {@code exclude}, nor via classes outside Dither. */
  private static Set<Object> reach(Object root, Set<Object> exclude) throws IllegalAccessException {
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Object> work = new ArrayDeque<>();
    work.push(root);
    while (!work.isEmpty()) {
      Object o = work.pop();
      if (exclude.contains(o) || !seen.add(o)) {
        continue;
      }
      Class<?> type = o.getClass();
      if (type.isArray()) {
        if (!type.getComponentType().isPrimitive()) {
          for (int i = 0; i < Array.getLength(o); i++) {
            push(work, Array.get(o, i));
          }
        }
        continue;
      }
      if (!type.getName().startsWith("dev.dither")) {
        continue;
      }
      for (Class<?> c = type; c != null && c.getName().startsWith("dev.dither"); c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
            f.setAccessible(true);
            push(work, f.get(o));
          }
        }
      }
    }
    return seen;
  }

  private static void push(Deque<Object> work, Object o) {
    if (o != null) {
      work.push(o);
    }
  }

  private static long bytes(Set<Object> objects) {
    long total = 0;
    for (Object o : objects) {
      Class<?> type = o.getClass();
      if (type.isArray()) {
        Class<?> e = type.getComponentType();
        int element = e == double.class || e == long.class ? 8 : e == byte.class || e == boolean.class ? 1
            : e == short.class || e == char.class ? 2 : 4;
        total += align(16 + (long) element * Array.getLength(o));
      } else if (type.getName().startsWith("dev.dither")) {
        int fields = 0;
        for (Class<?> c = type; c != null && c.getName().startsWith("dev.dither"); c = c.getSuperclass()) {
          for (Field f : c.getDeclaredFields()) {
            fields += Modifier.isStatic(f.getModifiers()) ? 0 : 1;
          }
        }
        total += align(16 + 8L * fields);
      }
    }
    return total;
  }

  private static long align(long bytes) {
    return (bytes + 7) / 8 * 8;
  }
}
