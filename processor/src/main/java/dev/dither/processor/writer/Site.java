package dev.dither.processor.writer;

import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import java.util.List;

/**
 * Where an activation runs. Two shapes:
 * <ul>
 *   <li>a strided slice of flat buffers: element {@code k} of row {@code n} is at
 *       {@code n * stride + offset + k} in {@code pre}, {@code out}, {@code delta} and {@code xi},
 *       its p at {@code p[pOffset + k]} (a gate block of a recurrent cell at step t);</li>
 *   <li>rows of a dense layer's {@code [rows][units]} buffers: the loop binds each row to a local
 *       ({@link #rowLocals}) and the names {@code pre}, {@code out}, ... are those locals, so the
 *       loops index every array by the column alone, which C2 vectorises.</li>
 * </ul>
 *
 * @param level the variable holding the current noise level
 * @param rows an expression for the number of rows
 * @param unit the loop variable that indexes p: {@code k} in slices, {@code j} in rows
 * @param rowLocals for row buffers: {local, buffer} pairs bound at the top of each row
 * @param firstRow the first row the loops visit; they end before {@code rows}
 * @param firstUnit, unitEnd for row buffers, the columns the loops visit (a lane's share)
 * @param pGradTerms null to add each element's p-gradient term to p's gradient at once, or an
 *     array (laid out like {@code pre}) that keeps the terms for a later sum in a fixed order
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
    String width,
    String unit,
    List<String[]> rowLocals,
    String firstRow,
    String firstUnit,
    String unitEnd,
    String pGradTerms) {

  /** A strided slice of flat buffers. */
  static Site slice(ActivationModel activation, String pre, String out, String delta, String xi, String p,
      String pGrad, String pOffset, String level, String rows, String stride, String offset, String width) {
    return new Site(activation, pre, out, delta, xi, p, pGrad, pOffset, level, rows, stride, offset, width, "k",
        List.of(), "0", "0", width, null);
  }

  /** A dense layer's rows, binding the buffers the forward ({@code !backward}) or backward loop reads. */
  static Site of(DenseLayerModel layer, boolean backward) {
    ActivationModel a = layer.activation();
    java.util.ArrayList<String[]> locals = new java.util.ArrayList<>();
    locals.add(new String[] {"zr", Names.pre(layer)});
    boolean readsOut = !backward || a.fn() == dev.dither.Fn.SIGMOID || a.fn() == dev.dither.Fn.TANH
        || a.fn() == dev.dither.Fn.SOFTMAX;
    if (readsOut) {
      locals.add(new String[] {"yr", Names.out(layer)});
    }
    if (backward) {
      locals.add(new String[] {"dr", Names.delta(layer)});
    }
    // The noise stays one flat array: NoiseSource fills it in one call per layer.
    return new Site(a, "zr", "yr", "dr", Names.xi(layer), Names.p(layer), Names.pGrad(layer), "0", "level", "batch",
        Names.units(layer), "0", Names.units(layer), "j", List.copyOf(locals), "0", "0", Names.units(layer), null);
  }

  /** This site over rows [from, to) only: a lane's share of the forward pass. */
  Site rows(String from, String to) {
    return new Site(activation, pre, out, delta, xi, p, pGrad, pOffset, level, to, stride, offset, width, unit,
        rowLocals, from, firstUnit, unitEnd, pGradTerms);
  }

  /** This site over columns [from, to) of every row: a lane's share of the backward pass. */
  Site units(String from, String to) {
    return new Site(activation, pre, out, delta, xi, p, pGrad, pOffset, level, rows, stride, offset, width, unit,
        rowLocals, firstRow, from, to, pGradTerms);
  }

  /** This site keeping its p-gradient terms in {@code terms} (a slice's layout) instead of summing them. */
  Site keepingPGradTerms(String terms) {
    return new Site(activation, pre, out, delta, xi, p, pGrad, pOffset, level, rows, stride, offset, width, unit,
        rowLocals, firstRow, firstUnit, unitEnd, terms);
  }

  /** The statement that accounts this element's p-gradient term {@code term}. */
  String pGradUpdate(String term) {
    return pGradTerms == null ? pGradAt() + " += " + term : pGradTerms + "[j] = " + term;
  }

  /** Whether one flat loop over rows × width covers the site. */
  boolean contiguous() {
    return rowLocals.isEmpty() && offset.equals("0") && stride.equals(width);
  }

  /** This element's noise sample ξ. */
  String xiAt() {
    return rowLocals.isEmpty() ? xi + "[j]" : xi + "[n * " + width + " + j]";
  }

  /** This element's p. */
  String pAt() {
    return pOffset.equals("0") ? p + "[" + unit + "]" : p + "[" + pOffset + " + " + unit + "]";
  }

  /** This element's p gradient. */
  String pGradAt() {
    return pOffset.equals("0") ? pGrad + "[" + unit + "]" : pGrad + "[" + pOffset + " + " + unit + "]";
  }
}
