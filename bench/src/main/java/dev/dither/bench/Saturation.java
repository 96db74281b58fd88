package dev.dither.bench;

import dev.dither.bench.baseline.HandWrittenLstm;
import dev.dither.bench.baseline.HandWrittenMlp;

/**
 * The share of saturated units in the benchmarks' regime. NAH's noise term is non-zero only
 * on saturated units, so a benchmark of noisy networks means something only if a sizeable share
 * saturates: the tests and the peer harness assert 20–45%.
 */
public final class Saturation {
  private Saturation() {}

  /**
   * The fraction of hidden layer {@code layer}'s pre-activations (0 or 1) beyond the hard tanh's
   * threshold |z| > 1, over every example of {@code data}, computed in double from the
   * baseline's parameters.
   */
  public static double mlpHidden(HandWrittenMlp network, MnistLikeData data, int layer) {
    long saturated = 0;
    long units = 0;
    for (int b = 0; b < data.batches(); b++) {
      int batch = data.labels(b).length;
      for (int n = 0; n < batch; n++) {
        float[] x = java.util.Arrays.copyOfRange(data.inputs(b), n * Networks.SIZES[0], (n + 1) * Networks.SIZES[0]);
        for (int l = 0; l <= layer; l++) {
          int in = Networks.SIZES[l];
          int out = Networks.SIZES[l + 1];
          float[] y = new float[out];
          for (int o = 0; o < out; o++) {
            double z = network.bias(l)[o];
            for (int i = 0; i < in; i++) {
              z += (double) network.weight(l)[o * in + i] * x[i];
            }
            if (l == layer) {
              units++;
              saturated += Math.abs(z) > 1 ? 1 : 0;
            }
            y[o] = (float) Math.max(-1, Math.min(1, z));
          }
          x = y;
        }
      }
    }
    return (double) saturated / units;
  }

  /**
   * The fraction of saturated pre-activations of each LSTM gate block (i, f, g, o: hard sigmoid
   * beyond |x| > 2, hard tanh beyond |x| > 1) and of the cell states (|c| > 1), index 4, over
   * every step of every example of {@code data}, in a training-mode pass of the baseline (its
   * parameters are not changed).
   */
  public static double[] lstmSites(HandWrittenLstm network, SequenceData data) {
    int h = LstmNetworks.HIDDEN;
    int gates = 4 * h;
    long[] saturated = new long[5];
    long[] sites = new long[5];
    for (int b = 0; b < data.batches(); b++) {
      network.gradients(data.inputs(b), data.labels(b));
      int rows = data.labels(b).length * LstmNetworks.STEPS;
      float[] pre = network.gatePreActivations();
      for (int j = 0; j < rows * gates; j++) {
        int block = (j % gates) / h;
        sites[block]++;
        saturated[block] += Math.abs(pre[j]) > (block == 2 ? 1 : 2) ? 1 : 0;
      }
      float[] cell = network.cellStates();
      for (int j = 0; j < rows * h; j++) {
        sites[4]++;
        saturated[4] += Math.abs(cell[j]) > 1 ? 1 : 0;
      }
    }
    double[] fractions = new double[5];
    for (int k = 0; k < 5; k++) {
      fractions[k] = (double) saturated[k] / sites[k];
    }
    return fractions;
  }
}
