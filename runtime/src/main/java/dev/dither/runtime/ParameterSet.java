package dev.dither.runtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/** The parameters of one generated network, in declaration order, addressable by name. */
public final class ParameterSet {
  private final List<Parameter> parameters;
  private final Map<String, Parameter> byName = new LinkedHashMap<>();

  public ParameterSet(List<Parameter> parameters) {
    this.parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    for (Parameter p : parameters) {
      if (byName.put(p.name(), p) != null) {
        throw new IllegalArgumentException("duplicate parameter name '" + p.name() + "'");
      }
    }
  }

  /** All parameters in declaration order; index {@code i} is stable for the network's life. */
  public List<Parameter> all() {
    return parameters;
  }

  public int count() {
    return parameters.size();
  }

  public Parameter get(int index) {
    return parameters.get(index);
  }

  /** The parameter called {@code name}, e.g. {@code hidden.weight}. */
  public Parameter get(String name) {
    Parameter p = byName.get(name);
    if (p == null) {
      throw new NoSuchElementException("no parameter '" + name + "'; the network has " + byName.keySet());
    }
    return p;
  }

  /** Euclidean norm of all trainable gradients taken together, accumulated in double. */
  public double gradientNorm() {
    double sum = 0;
    // Indexed loops here and below: a for-each would allocate an iterator on every step.
    for (int i = 0; i < parameters.size(); i++) {
      Parameter p = parameters.get(i);
      if (!p.trainable()) {
        continue;
      }
      if (p.isDouble()) {
        for (double g : p.doubleGrads()) {
          sum += g * g;
        }
      } else {
        for (float g : p.floatGrads()) {
          sum += (double) g * g;
        }
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Scales the trainable gradients so that their global norm is at most {@code maxNorm}, as
   * PyTorch's {@code clip_grad_norm_} does (factor {@code maxNorm / (norm + 1e-6)}, applied only
   * when below 1). Returns the norm before clipping.
   */
  public double clipGradientNorm(double maxNorm) {
    double norm = gradientNorm();
    double factor = maxNorm / (norm + 1e-6);
    if (factor < 1.0) {
      for (int j = 0; j < parameters.size(); j++) {
        Parameter p = parameters.get(j);
        if (!p.trainable()) {
          continue;
        }
        if (p.isDouble()) {
          double[] g = p.doubleGrads();
          for (int i = 0; i < g.length; i++) {
            g[i] *= factor;
          }
        } else {
          float[] g = p.floatGrads();
          float f = (float) factor;
          for (int i = 0; i < g.length; i++) {
            g[i] *= f;
          }
        }
      }
    }
    return norm;
  }

  /** Total number of scalars. */
  public long scalarCount() {
    long n = 0;
    for (Parameter p : parameters) {
      n += p.size();
    }
    return n;
  }

  @Override
  public String toString() {
    return parameters.toString();
  }
}
