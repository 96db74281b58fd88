package dev.dither.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Imports weights trained elsewhere from a safetensors file, such as one written by
 * {@code safetensors.torch.save_file(model.state_dict(), path)}. Values of dtype F16, BF16, F32
 * or F64 are converted to the model's precision. Names are mapped from the file's module paths
 * to Dither's PyTorch-style names ({@code hidden.weight} {@code [out][in]},
 * {@code lstm.weight_ih_l0}, {@code embed.weight}, {@code hidden.p}); shapes are PyTorch's.
 * Like every load, it is all-or-nothing. Noise levels, optimizer state and counters are not
 * touched. Pickle-based {@code .pt} files are not read: unpickling can execute code.
 */
public final class TorchWeights {
  private TorchWeights() {}

  /**
   * Loads every parameter of {@code model} from {@code file}. {@code names} maps a tensor name of
   * the file to the Dither name it fills ({@code "encoder.0.weight" -> "hidden.weight"}), or to
   * null to ignore that tensor. Every parameter must be filled exactly once.
   */
  public static void load(GeneratedModel model, Path file, Function<String, String> names) throws IOException {
    load(model, file, names, true);
  }

  /** {@link #load(GeneratedModel, Path, Function)} with a map; tensors not in it keep their name. */
  public static void load(GeneratedModel model, Path file, Map<String, String> names) throws IOException {
    Objects.requireNonNull(names, "names");
    load(model, file, name -> names.getOrDefault(name, name), true);
  }

  /**
   * Like {@link #load(GeneratedModel, Path, Function)} but only the parameters that some tensor
   * maps to are loaded; the others keep their values (e.g. to bring in a pretrained encoder).
   */
  public static void loadSome(GeneratedModel model, Path file, Function<String, String> names) throws IOException {
    load(model, file, names, false);
  }

  private static void load(GeneratedModel model, Path path, Function<String, String> names, boolean all)
      throws IOException {
    ParameterSet params = model.parameters();
    Map<String, Parameter> byTorchName = new HashMap<>();
    for (Parameter p : params.all()) {
      byTorchName.put(Checkpoints.torchName(p.name()), p);
    }
    List<Parameter> targets = new ArrayList<>();
    List<double[]> values = new ArrayList<>();
    try (WeightFile f = WeightFile.open(path, false)) {
      Map<String, String> filledFrom = new HashMap<>();
      for (String source : f.file.tensors().keySet()) {
        String target = names.apply(source);
        if (target == null) {
          continue;
        }
        Parameter p = byTorchName.get(target);
        if (p == null) {
          throw f.error("tensor '" + source + "' maps to '" + target + "', which is not a parameter of "
              + model.networkName() + "; its parameters are " + byTorchName.keySet());
        }
        String earlier = filledFrom.put(target, source);
        if (earlier != null) {
          throw f.error("tensors '" + earlier + "' and '" + source + "' both map to '" + target + "'");
        }
        double[] torch;
        try {
          torch = f.values(source, null, p.torchShape());
        } catch (WeightFileException e) {
          throw new WeightFileException(e.getMessage() + " (loading it into '" + target + "')");
        }
        targets.add(p);
        values.add(torch);
      }
      if (all && filledFrom.size() != byTorchName.size()) {
        List<String> missing = new ArrayList<>(byTorchName.keySet());
        missing.removeAll(filledFrom.keySet());
        throw f.error("no tensor maps to " + missing + " of " + model.networkName()
            + " (use loadSome to load only part of the parameters)");
      }
    }
    // Checked and decoded: now nothing can fail.
    for (int i = 0; i < targets.size(); i++) {
      targets.get(i).copyFromTorchLayout(values.get(i));
    }
  }
}
