package dev.dither.processor;

import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.NoiseSource;
import dev.dither.runtime.Parameter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A generated DOUBLE or FLOAT model loaded at test time, with its typed entry points reached
 * reflectively (they take {@code double[]} or {@code float[]} as the precision dictates).
 */
final class GeneratedNet {
  final GeneratedModel model;
  private final boolean isDouble;

  private GeneratedNet(GeneratedModel model) {
    this.model = model;
    this.isDouble = model.parameters().get(0).isDouble();
  }

  static GeneratedNet create(ClassLoader loader, String className, long seed) {
    try {
      Class<?> type = loader.loadClass(className);
      return new GeneratedNet((GeneratedModel) type.getConstructor(long.class).newInstance(seed));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  GeneratedNet noise(NoiseSource noise) {
    model.noiseSource(noise);
    return this;
  }

  Parameter param(String name) {
    return model.parameters().get(name);
  }

  /** Training-mode forward and backward; gradients are left in the parameters. */
  double gradients(double[] inputs, Object targets) {
    return (double) call("gradients", inputs, targets);
  }

  double trainStep(double[] inputs, Object targets) {
    return (double) call("trainStep", inputs, targets);
  }

  /** Evaluation-mode loss. */
  double loss(double[] inputs, Object targets) {
    return (double) call("loss", inputs, targets);
  }

  /** Evaluation-mode outputs. */
  double[] infer(double[] inputs) {
    return toDouble(call("infer", inputs));
  }

  /** Training-mode outputs with fresh noise. */
  double[] sample(double[] inputs) {
    Object out = isDouble ? new double[inputs.length / model.inputSize() * model.outputSize()]
        : new float[inputs.length / model.inputSize() * model.outputSize()];
    call("sample", inputs, out);
    return toDouble(out);
  }

  /** Calls a public method of the model with exactly these arguments (arrays of its precision). */
  Object invoke(String name, Object... args) {
    for (Method m : model.getClass().getMethods()) {
      // Bridges of the generic Trainable methods take Object and would accept the unconverted arrays.
      if (!m.getName().equals(name) || m.getParameterCount() != args.length || m.isBridge()) {
        continue;
      }
      Object[] converted = new Object[args.length];
      boolean fits = true;
      for (int i = 0; i < args.length; i++) {
        Object a = args[i] instanceof double[] d && m.getParameterTypes()[i] == float[].class ? toFloat(d) : args[i];
        Class<?> type = m.getParameterTypes()[i];
        fits &= type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType().isInstance(a)
            : type.isInstance(a);
        converted[i] = a;
      }
      if (!fits) {
        continue;
      }
      try {
        return m.invoke(model, converted);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw new AssertionError(e.getCause());
      } catch (IllegalAccessException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no method " + name + " taking these arguments on " + model.getClass());
  }

  private Object call(String name, double[] inputs, Object... more) {
    Object[] args = new Object[1 + more.length];
    args[0] = inputs;
    System.arraycopy(more, 0, args, 1, more.length);
    return invoke(name, args);
  }

  static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  static double[] toDouble(Object array) {
    if (array instanceof double[] d) {
      return d;
    }
    float[] f = (float[]) array;
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
