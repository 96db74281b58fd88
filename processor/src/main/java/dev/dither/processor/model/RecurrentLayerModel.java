package dev.dither.processor.model;

import dev.dither.GateName;
import dev.dither.SequenceOutput;
import java.util.List;

/**
 * An {@code @Lstm} or {@code @Gru} layer unrolled over {@code steps} time steps.
 *
 * @param gateSites the sites of the stacked pre-activation blocks, in PyTorch's block order
 *     (LSTM i, f, g, o; GRU r, z, n)
 * @param cellSite the LSTM's tanh(c_t) site; null for a GRU
 * @param gateNoiseSite the network noise site of the gate blocks, or -1 if no gate is noisy
 * @param cellNoiseSite the network noise site of the cell output, or -1
 */
public record RecurrentLayerModel(
    String name,
    int index,
    Cell cell,
    int inputs,
    int units,
    int steps,
    boolean variableLength,
    SequenceOutput output,
    List<GateSite> gateSites,
    GateSite cellSite,
    int gateNoiseSite,
    int cellNoiseSite) implements LayerModel {

  public enum Cell {
    LSTM(4), GRU(3);

    private final int blocks;

    Cell(int blocks) {
      this.blocks = blocks;
    }

    /** Number of stacked blocks in the pre-activation vector. */
    public int blocks() {
      return blocks;
    }
  }

  /** One activation site of the cell: which gate, which block, which function and noise. */
  public record GateSite(GateName gate, int block, ActivationModel activation) {}

  public RecurrentLayerModel {
    gateSites = List.copyOf(gateSites);
  }

  /** Width of the stacked pre-activation vector. */
  public int gateWidth() {
    return cell.blocks() * units;
  }

  @Override
  public boolean perStepOutput() {
    return output == SequenceOutput.ALL;
  }

  /** Whether any gate block has the per-unit p of eq. 9. */
  public boolean gatesHaveP() {
    return gateSites.stream().anyMatch(s -> s.activation().hasP());
  }

  public boolean cellHasP() {
    return cellSite != null && cellSite.activation().hasP();
  }

  /** All sites, the cell site last. */
  public List<GateSite> allSites() {
    return cellSite == null ? gateSites
        : java.util.stream.Stream.concat(gateSites.stream(), java.util.stream.Stream.of(cellSite)).toList();
  }

  public boolean hasNoise() {
    return gateNoiseSite >= 0 || cellNoiseSite >= 0;
  }
}
