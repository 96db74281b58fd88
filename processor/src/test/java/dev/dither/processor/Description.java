package dev.dither.processor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A network description as data, for the property tests: rendered as the source of an
 * {@code @Network} interface, and small enough that a shrunk failing case reads at a glance.
 *
 * @param name the generated class's name, or empty for the default
 * @param steps sequence length; 0 for a plain vector input
 * @param vocabulary tokens of an embedding input; 0 for real-valued features
 * @param inputName the input method's name
 */
record Description(String name, boolean doublePrecision, boolean classification, String inputName, int features,
    int vocabulary, int steps, boolean variableLength, List<Layer> layers) {

  /** One layer; {@code kind} is Dense, Lstm or Gru, {@code attributes} its annotations' text. */
  record Layer(String method, String kind, int units, String annotationAttributes, String activation,
      boolean perStepOutput) {
    String source() {
      String attributes = annotationAttributes.isEmpty() ? String.valueOf(units)
          : "value = " + units + ", " + annotationAttributes;
      return "  @" + kind + "(" + attributes + ")" + (activation.isEmpty() ? "" : " " + activation)
          + " void " + method + "();";
    }
  }

  String source(String packageName, String interfaceName) {
    List<String> lines = new ArrayList<>();
    lines.add("package " + packageName + ";");
    lines.add("import dev.dither.*;");
    lines.add("@Network(" + (name.isEmpty() ? "" : "name = \"" + name + "\", ")
        + "loss = Loss." + (classification ? "SOFTMAX_CROSS_ENTROPY" : "MEAN_SQUARED_ERROR")
        + ", precision = Precision." + (doublePrecision ? "DOUBLE" : "FLOAT") + ")");
    lines.add("interface " + interfaceName + " {");
    String sequence = steps == 0 ? "" : " @Sequence(value = " + steps + ", variableLength = " + variableLength + ")";
    lines.add(vocabulary > 0
        ? "  @Embedding(vocabulary = " + vocabulary + ", dimension = " + features + ")" + sequence + " void "
            + inputName + "();"
        : "  @Input(" + features + ")" + sequence + " void " + inputName + "();");
    layers.forEach(l -> lines.add(l.source()));
    lines.add("}");
    return String.join("\n", lines) + "\n";
  }

  String generatedClass(String packageName, String interfaceName) {
    return packageName + "." + (name.isEmpty() ? interfaceName + "Model" : name);
  }

  /** Whether the loss sees one row per step. */
  boolean perStepOutput() {
    return layers.get(layers.size() - 1).perStepOutput();
  }

  @Override
  public String toString() {
    return source("p", "Net");
  }

  /** The same description with {@code layers}. */
  Description withLayers(List<Layer> replaced) {
    return new Description(name, doublePrecision, classification, inputName, features, vocabulary, steps,
        variableLength, replaced);
  }

  static String describe(List<Description> all) {
    return all.stream().map(Description::toString).collect(Collectors.joining("\n"));
  }
}
