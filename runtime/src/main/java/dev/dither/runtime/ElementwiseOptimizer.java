package dev.dither.runtime;

/**
 * The part shared by the element-wise {@code torch.optim} algorithms: the learning rate, the
 * per-parameter step counts and state buffers, frozen parameters and precision dispatch. What
 * is left to an algorithm is its element loop, once per precision.
 *
 * <p>Why a loop per precision rather than one in double with widening for float parameters:
 * HotSpot (17) does not vectorize float-to-double conversions, so a widened float update runs
 * scalar, about ten times slower than a float loop, on every step. Float parameters are
 * therefore updated in float arithmetic with the hyper-parameters rounded to float, which is
 * also what PyTorch does for float32 tensors; their state is float too. An algorithm computes
 * its per-step scalars once and keeps each loop to the arithmetic that differs in type.
 *
 * <p>The step count is kept per parameter because PyTorch keeps it per parameter
 * ({@code state['step']}); Adam's bias correction depends on it.
 */
abstract class ElementwiseOptimizer extends Optimizer {
  private final int slots;
  private double lr;

  // Indexed by parameter index; allocated on the first step, then reused. A state entry is a
  // double[slots][size] or a float[slots][size], in the parameter's precision.
  private long[] steps;
  private int[] sizes;
  private Object[] states;

  /**
   * @param lr the initial learning rate
   * @param slots how many state values the algorithm keeps per scalar (momentum buffer,
   *     moment estimates...)
   */
  ElementwiseOptimizer(double lr, int slots) {
    this.lr = Optimizers.atLeast("lr", lr, 0);
    this.slots = slots;
  }

  /**
   * Updates a double parameter in place.
   *
   * @param state {@code slots} arrays as long as {@code values}, zero before the first step
   * @param step the parameter's step count, 1 on its first step (PyTorch's {@code state['step']}
   *     after its increment)
   */
  abstract void update(double[] values, double[] grads, double[][] state, long step);

  /** Updates a float parameter in place, in float arithmetic; see the double overload. */
  abstract void update(float[] values, float[] grads, float[][] state, long step);

  @Override
  public final void step(ParameterSet parameters) {
    int count = parameters.count();
    if (steps == null) {
      steps = new long[count];
      sizes = new int[count];
      states = new Object[count];
    } else if (steps.length != count) {
      throw new IllegalStateException("this optimizer was first used on a network with "
          + steps.length + " parameters, now it is given " + count
          + "; an optimizer belongs to one network");
    }
    // Indexed loop: iterating the list would allocate an iterator on every step.
    for (int i = 0; i < count; i++) {
      Parameter p = parameters.get(i);
      if (!p.trainable()) {
        continue;
      }
      Object state = state(i, p);
      long step = ++steps[i];
      if (p.isDouble()) {
        update(p.doubleValues(), p.doubleGrads(), (double[][]) state, step);
      } else {
        update(p.floatValues(), p.floatGrads(), (float[][]) state, step);
      }
    }
  }

  private Object state(int index, Parameter p) {
    Object state = states[index];
    if (state == null) {
      state = p.isDouble() ? new double[slots][p.size()] : new float[slots][p.size()];
      states[index] = state;
      sizes[index] = p.size();
    } else if (sizes[index] != p.size() || p.isDouble() != state instanceof double[][]) {
      throw new IllegalStateException("parameter " + index + " ('" + p.name()
          + "') is not the one this optimizer first stepped (now " + p.size() + " "
          + (p.isDouble() ? "double" : "float") + " values); an optimizer belongs to one network");
    }
    return state;
  }

  abstract String algorithm();

  abstract String hyperParameters();

  @Override
  final String checkpointDescription() {
    return algorithm() + "(" + hyperParameters() + ")";
  }

  @Override
  final long stepCount(int index) {
    if (steps != null && index >= steps.length) {
      throw new IllegalStateException("this optimizer was used on a network with " + steps.length
          + " parameters, not on this one; an optimizer belongs to one network");
    }
    return steps == null ? 0 : steps[index];
  }

  @Override
  final void exportState(int index, int slot, double[] into) {
    Object state = states == null ? null : states[index];
    if (state instanceof double[][] d) {
      System.arraycopy(d[slot], 0, into, 0, into.length);
    } else if (state instanceof float[][] f) {
      for (int i = 0; i < into.length; i++) {
        into[i] = f[slot][i];
      }
    } else {
      java.util.Arrays.fill(into, 0);
    }
  }

  @Override
  final void importState(ParameterSet parameters, long[] stepCounts, double[][][] saved) {
    int count = parameters.count();
    steps = stepCounts.clone();
    sizes = new int[count];
    states = new Object[count];
    for (int i = 0; i < count; i++) {
      Parameter p = parameters.get(i);
      if (saved[i] == null) {
        continue;
      }
      sizes[i] = p.size();
      if (p.isDouble()) {
        double[][] s = new double[slots][];
        for (int k = 0; k < slots; k++) {
          s[k] = saved[i][k].clone();
        }
        states[i] = s;
      } else {
        float[][] s = new float[slots][p.size()];
        for (int k = 0; k < slots; k++) {
          for (int j = 0; j < s[k].length; j++) {
            s[k][j] = (float) saved[i][k][j];
          }
        }
        states[i] = s;
      }
    }
  }

  @Override
  public final String toString() {
    return algorithm() + "(lr=" + learningRate() + ", " + hyperParameters() + ")";
  }

  @Override
  public final double learningRate() {
    return lr;
  }

  @Override
  public final void learningRate(double lr) {
    this.lr = Optimizers.atLeast("lr", lr, 0);
  }
}
