package dev.dither.processor.validation;

import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.RecurrentLayerModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The members the writers derive from the name of the input or of a layer, by kind, so that the
 * validator can refuse two names that would derive the same member. GeneratedMembersTest checks
 * these lists against the members of generated classes.
 */
final class GeneratedMembers {
  private GeneratedMembers() {}

  private static final List<String> DENSE = List.of(
      "Weight", "Bias", "P", "WeightGrad", "BiasGrad", "PGrad", "Pre", "Out", "Delta", "Xi", "Level", "Schedule",
      "Linear", "Activate", "ActivateBackward", "Gradients", "Propagate", "Initialize", "WeightRows", "WeightT",
      "ScratchRows", "Queue", "LinearBlocked", "GradientsBlocked", "PropagateBlocked", "MirrorRows", "LinearRows",
      "GradientRows", "PropagateRows", "ActivateRows", "ActivateBackwardRows", "ActivateLanes", "LinearOne");

  private static final List<String> RECURRENT = List.of(
      "WeightIh", "WeightHh", "BiasIh", "BiasHh", "WeightIhGrad", "WeightHhGrad", "BiasIhGrad", "BiasHhGrad",
      "PGates", "PCell", "PGatesGrad", "PCellGrad", "Pre", "Act", "XiGates", "Cell", "CellAct", "XiCell", "Hidden",
      "HiddenN", "Gh", "Out", "H0", "C0", "Delta", "DGates", "DCell", "DGh", "DhNext", "DcNext", "Forward", "Step",
      "Gates", "Update", "Pool", "Backward", "BackStep", "GatesBackward", "Carry", "Initialize",
      "WeightIhRows", "WeightHhRows", "WeightHhT", "WeightIhT", "WeightIhGradRows", "WeightHhGradRows", "Acc",
      "DeltaRows", "DhRows", "DxRows", "Project", "BackRecurrent", "BiasGradients", "InputWeightGradient",
      "RecurrentWeightGradient", "InputGradient",
      "InputSchedule", "ForgetSchedule", "CandidateSchedule", "OutputSchedule", "CellSchedule", "ResetSchedule",
      "UpdateSchedule", "InputLevel", "ForgetLevel", "CandidateLevel", "OutputLevel", "CellLevel", "ResetLevel",
      "UpdateLevel", "ForwardRows", "ForwardLanes", "BackwardRows", "BackwardLanes",
      "PGatesTerms", "PCellTerms", "PGatesGradient", "PCellGradient");

  private static final List<String> EMBEDDING = List.of(
      "Weight", "WeightGrad", "Embedded", "Delta", "Initialize", "Gather", "Scatter");

  /** The members derived from {@code layer}'s name. */
  static List<String> of(LayerModel layer) {
    if (layer instanceof RecurrentLayerModel) {
      List<String> members = members(layer.name(), RECURRENT);
      members.add(constant(layer.name()) + "_GATES");
      return members;
    }
    return members(layer.name(), DENSE);
  }

  /** The members derived from the input's name. */
  static List<String> of(InputModel input) {
    return members(input.name(), input.isEmbedding() ? EMBEDDING : List.of());
  }

  private static List<String> members(String name, List<String> suffixes) {
    List<String> members = new ArrayList<>();
    for (String suffix : suffixes) {
      members.add(name + suffix);
    }
    members.add(constant(name) + "_UNITS");
    return members;
  }

  /**
   * The constant the writer derives from a name ({@code Names.constant}): {@code hidden} and
   * {@code Hidden} both give {@code HIDDEN}, so their {@code HIDDEN_UNITS} would clash.
   */
  static String constant(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }
}
