package dev.dither.processor.writer;

import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;

/**
 * Where an activation runs: a strided slice of buffers. Element {@code k} of row {@code n} is at
 * {@code n * stride + offset + k} in {@code pre}, {@code out}, {@code delta} and {@code xi}; its
 * p is {@code p[pOffset + k]}. A dense layer is the whole buffer (offset 0, stride = width); a
 * gate of a recurrent cell at step t is one block of the stacked gate buffers.
 *
 * @param level the variable holding the current noise level
 * @param rows an expression for the number of rows
 */
record Site(
    ActivationModel activation,
    String pre,
    String out,
    String delta,
    String xi,
    String p,
    String pGrad,
    String pOffset,
    String level,
    String rows,
    String stride,
    String offset,
    String width) {

  static Site of(DenseLayerModel layer) {
    return new Site(layer.activation(), Names.pre(layer), Names.out(layer), Names.delta(layer),
        Names.xi(layer), Names.p(layer), Names.pGrad(layer), "0", "level", "batch",
        Names.units(layer), "0", Names.units(layer));
  }

  /** Whether the slice is the whole buffer, so one flat loop over rows × width covers it. */
  boolean contiguous() {
    return offset.equals("0") && stride.equals(width);
  }

  String pAt(String k) {
    return pOffset.equals("0") ? p + "[" + k + "]" : p + "[" + pOffset + " + " + k + "]";
  }

  String pGradAt(String k) {
    return pOffset.equals("0") ? pGrad + "[" + k + "]" : pGrad + "[" + pOffset + " + " + k + "]";
  }
}
