package dev.dither.runtime;

import java.util.Arrays;

/**
 * One named parameter tensor of a generated network and its gradient, backed by the arrays the
 * generated code computes with (no copies). Exactly one of the float and double pairs is
 * present, according to the network's precision.
 *
 * <p>Dense weights are stored input-major, {@code [inputs][units]}: the transpose of PyTorch's
 * {@code nn.Linear.weight}, so that the forward pass and the weight gradient run over
 * contiguous memory. {@link #copyFromTorchLayout} and {@link #copyToTorchLayout} convert.
 */
public final class Parameter {
  private final String name;
  private final int[] shape;
  private final boolean transposedFromTorch;
  private final boolean trainable;
  private final float[] floatValues;
  private final float[] floatGrads;
  private final double[] doubleValues;
  private final double[] doubleGrads;

  private Parameter(String name, int[] shape, boolean transposedFromTorch, boolean trainable,
      float[] floatValues, float[] floatGrads, double[] doubleValues, double[] doubleGrads) {
    this.name = name;
    this.shape = shape.clone();
    this.transposedFromTorch = transposedFromTorch;
    this.trainable = trainable;
    this.floatValues = floatValues;
    this.floatGrads = floatGrads;
    this.doubleValues = doubleValues;
    this.doubleGrads = doubleGrads;
    int expected = 1;
    for (int d : shape) {
      expected *= d;
    }
    int actual = floatValues != null ? floatValues.length : doubleValues.length;
    int grads = floatGrads != null ? floatGrads.length : doubleGrads.length;
    if (actual != expected || grads != expected) {
      throw new IllegalArgumentException("parameter '" + name + "': shape " + Arrays.toString(shape)
          + " needs " + expected + " values, got " + actual + " values and " + grads + " gradients");
    }
  }

  /**
   * A float parameter. {@code transposedFromTorch} says that {@code shape} is
   * {@code [a][b]} while PyTorch stores the same tensor as {@code [b][a]}.
   */
  public static Parameter ofFloats(String name, int[] shape, boolean transposedFromTorch,
      boolean trainable, float[] values, float[] grads) {
    return new Parameter(name, shape, transposedFromTorch, trainable, values, grads, null, null);
  }

  /** A double parameter; see {@link #ofFloats}. */
  public static Parameter ofDoubles(String name, int[] shape, boolean transposedFromTorch,
      boolean trainable, double[] values, double[] grads) {
    return new Parameter(name, shape, transposedFromTorch, trainable, null, null, values, grads);
  }

  /** {@code layer.weight}, {@code layer.bias} or {@code layer.p}. */
  public String name() {
    return name;
  }

  /** Shape of the stored array, outermost first. */
  public int[] shape() {
    return shape.clone();
  }

  /** Number of scalars. */
  public int size() {
    return isDouble() ? doubleValues.length : floatValues.length;
  }

  /** Whether the optimizer updates this parameter (a frozen noise parameter p is not). */
  public boolean trainable() {
    return trainable;
  }

  /** Whether the tensor is stored as the transpose of PyTorch's layout. */
  public boolean transposedFromTorch() {
    return transposedFromTorch;
  }

  public boolean isDouble() {
    return doubleValues != null;
  }

  /** The live values of a FLOAT network. */
  public float[] floatValues() {
    requirePrecision(false);
    return floatValues;
  }

  /** The live gradient of a FLOAT network, as left by the last backward pass. */
  public float[] floatGrads() {
    requirePrecision(false);
    return floatGrads;
  }

  /** The live values of a DOUBLE network. */
  public double[] doubleValues() {
    requirePrecision(true);
    return doubleValues;
  }

  /** The live gradient of a DOUBLE network, as left by the last backward pass. */
  public double[] doubleGrads() {
    requirePrecision(true);
    return doubleGrads;
  }

  /** Value at a flat index of the stored layout, whatever the precision. */
  public double get(int index) {
    return isDouble() ? doubleValues[index] : floatValues[index];
  }

  /**
   * Sets the value at a flat index of the stored layout, whatever the precision.
   *
   * @throws IllegalArgumentException if the value is NaN or infinite, or too large for a FLOAT
   *     network's float (it would become infinite); the parameter is then unchanged
   */
  public void set(int index, double value) {
    if (isDouble()) {
      requireFinite(index, value, value);
      doubleValues[index] = value;
    } else {
      float rounded = (float) value;
      requireFinite(index, value, rounded);
      floatValues[index] = rounded;
    }
  }

  /** Gradient at a flat index of the stored layout. */
  public double grad(int index) {
    return isDouble() ? doubleGrads[index] : floatGrads[index];
  }

  /**
   * Copies all values from {@code source}, laid out as stored. All or nothing: a non-finite
   * value (see {@link #set}) leaves the parameter unchanged.
   */
  public void copyFrom(double[] source) {
    requireLength(source.length, "source");
    requireFinite(source, false);
    for (int i = 0; i < source.length; i++) {
      set(i, source[i]);
    }
  }

  /** Copies all values from {@code source}, laid out as PyTorch stores this tensor; all or nothing. */
  public void copyFromTorchLayout(double[] source) {
    requireLength(source.length, "source");
    requireFinite(source, true);
    for (int i = 0; i < source.length; i++) {
      set(storedIndex(i), source[i]);
    }
  }

  /** Copies all values into {@code target}, laid out as PyTorch stores this tensor. */
  public void copyToTorchLayout(double[] target) {
    requireLength(target.length, "target");
    for (int i = 0; i < target.length; i++) {
      target[i] = get(storedIndex(i));
    }
  }

  /** Copies the gradient into {@code target}, laid out as PyTorch stores this tensor. */
  public void copyGradsToTorchLayout(double[] target) {
    requireLength(target.length, "target");
    for (int i = 0; i < target.length; i++) {
      target[i] = grad(storedIndex(i));
    }
  }

  /** PyTorch's shape of this tensor: {@link #shape()}, reversed when stored transposed. */
  public int[] torchShape() {
    return transposedFromTorch ? new int[] {shape[1], shape[0]} : shape.clone();
  }

  /** Maps a flat index in PyTorch's layout to the flat index in the stored layout. */
  int storedIndex(int torchIndex) {
    if (!transposedFromTorch) {
      return torchIndex;
    }
    // Stored [a][b], PyTorch [b][a]: PyTorch's (j, i) is stored at (i, j).
    int a = shape[0];
    int b = shape[1];
    int j = torchIndex / a;
    int i = torchIndex % a;
    return i * b + j;
  }

  private void requireFinite(int index, double value, double stored) {
    if (!Double.isFinite(stored)) {
      throw new IllegalArgumentException("parameter '" + name + "': value at index " + index + " must be finite"
          + (Double.isFinite(value) ? " in " + (isDouble() ? "DOUBLE" : "FLOAT") + " precision (|value| <= "
              + Float.MAX_VALUE + ")" : "") + ", got " + value + "; the parameter is unchanged");
    }
  }

  private void requireFinite(double[] source, boolean torchLayout) {
    for (int i = 0; i < source.length; i++) {
      requireFinite(torchLayout ? storedIndex(i) : i, source[i], isDouble() ? source[i] : (float) source[i]);
    }
  }

  private void requireLength(int length, String what) {
    if (length != size()) {
      throw new IllegalArgumentException("parameter '" + name + "': " + what + " must have "
          + size() + " values (shape " + Arrays.toString(shape) + "), got " + length);
    }
  }

  private void requirePrecision(boolean wantDouble) {
    if (wantDouble != isDouble()) {
      throw new IllegalStateException("parameter '" + name + "' is "
          + (isDouble() ? "DOUBLE" : "FLOAT") + " precision; use the "
          + (isDouble() ? "double" : "float") + " accessors");
    }
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape) + (trainable ? "" : " (frozen)");
  }
}
