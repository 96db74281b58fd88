package dev.dither.spark;

import dev.dither.runtime.Parameter;
import dev.dither.runtime.ParameterSet;

/**
 * A model's parameters or gradients as one flat {@code double[]} in declaration order: what the
 * driver broadcasts and what replicas send back. Float values widen exactly, so a round trip
 * through the vector changes nothing.
 */
final class ParameterVector {
  private ParameterVector() {}

  static int length(ParameterSet parameters) {
    return (int) parameters.scalarCount();
  }

  static double[] values(ParameterSet parameters) {
    double[] out = new double[length(parameters)];
    int at = 0;
    for (Parameter p : parameters.all()) {
      for (int i = 0; i < p.size(); i++) {
        out[at++] = p.get(i);
      }
    }
    return out;
  }

  static void setValues(ParameterSet parameters, double[] values) {
    requireLength(parameters, values);
    int at = 0;
    for (Parameter p : parameters.all()) {
      for (int i = 0; i < p.size(); i++) {
        p.set(i, values[at++]);
      }
    }
  }

  /** Adds {@code weight} × each trainable gradient to {@code sum} (frozen parameters contribute nothing). */
  static void addGradients(ParameterSet parameters, double weight, double[] sum) {
    requireLength(parameters, sum);
    int at = 0;
    for (Parameter p : parameters.all()) {
      if (p.trainable()) {
        for (int i = 0; i < p.size(); i++) {
          sum[at + i] += weight * p.grad(i);
        }
      }
      at += p.size();
    }
  }

  /** Makes {@code gradients} the trainable parameters' gradients (rounded to float for a FLOAT network). */
  static void setGradients(ParameterSet parameters, double[] gradients) {
    requireLength(parameters, gradients);
    int at = 0;
    for (Parameter p : parameters.all()) {
      if (p.trainable()) {
        if (p.isDouble()) {
          System.arraycopy(gradients, at, p.doubleGrads(), 0, p.size());
        } else {
          float[] g = p.floatGrads();
          for (int i = 0; i < g.length; i++) {
            g[i] = (float) gradients[at + i];
          }
        }
      }
      at += p.size();
    }
  }

  private static void requireLength(ParameterSet parameters, double[] vector) {
    if (vector.length != length(parameters)) {
      throw new IllegalArgumentException("a parameter vector of this network has " + length(parameters)
          + " values, got " + vector.length + "; were the driver and the replicas built by the same factory?");
    }
  }
}
