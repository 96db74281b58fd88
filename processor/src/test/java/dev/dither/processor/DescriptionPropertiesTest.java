package dev.dither.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.dither.processor.property.Choices;
import dev.dither.processor.property.Properties;
import dev.dither.runtime.CounterNoise;
import dev.dither.runtime.DitherRandom;
import dev.dither.runtime.GeneratedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's guarantee as properties over generated descriptions: every valid description (every
 * layer kind, function, noise variant, precision, loss and sequence option) compiles, builds and
 * has the gradients finite differences give; every mutation into an invalid one gets a
 * {@code [Dither...]} error on the description and nothing else; names drawn from Java's
 * reserved words, {@code java.lang} and the generated members either work or get such an error.
 *
 * <p>Each try compiles a list of descriptions in one javac call. The cases come from the fixed seed
 * of {@link Properties}; {@code -Ddither.properties.scale=10} runs ten times as many and
 * {@code -Ddither.properties.seed=N} others. A failure shrinks towards the shortest list of the
 * smallest descriptions, each part towards the first option its generator lists.
 */
class DescriptionPropertiesTest {
  static final String PACKAGE = "prop";
  private static final int BATCH = 2;
  private static final String INTERFACE = "Net";
  /** Each try compiles with javac; the three properties take about 40 s together. */
  private static final int TRIES = 10;

  // ---- properties ----

  @Test
  void validDescriptionsCompileBuildAndHaveExactGradients() {
    Properties.check("valid descriptions compile, build and have exact gradients", TRIES,
        c -> c.list(1, 3, DescriptionPropertiesTest::validDescription), descriptions -> {
          Map<String, Description> byInterface = named(descriptions);
          ClassLoader loader = NetworkCompiler.compile(sources(byInterface));
          byInterface.forEach((interfaceName, d) -> {
            GeneratedNet net = GeneratedNet.create(loader, d.generatedClass(PACKAGE, interfaceName), 5);
            net.noise(new CounterNoise(7)); // gradients() does not advance the counter: frozen noise
            Object[] args = arguments(d, net.model, new DitherRandom(interfaceName.hashCode()));
            if (d.doublePrecision()) {
              FiniteDifferences.check(d.toString(), net.model, () -> (double) net.invoke("gradients", args));
            } else {
              double loss = (double) net.invoke("trainStep", args);
              assertTrue(Double.isFinite(loss), "loss " + loss + " of\n" + d);
            }
          });
        });
  }

  @Test
  void invalidDescriptionsGetDitherErrorsOnTheDescription() {
    Properties.check("invalid descriptions get Dither errors on the description", TRIES,
        c -> c.list(1, 3, DescriptionPropertiesTest::invalidDescription), descriptions -> {
          Map<String, Description> byInterface = named(descriptions);
          Map<String, JavaFileObject> files = files(byInterface);
          Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(files.values());
          assertEquals(Compilation.Status.FAILURE, compilation.status(), Description.describe(descriptions));
          assertOnlyDitherErrorsOnDescriptions(compilation, files);
          for (JavaFileObject file : files.values()) {
            assertTrue(compilation.errors().stream().anyMatch(e -> e.getSource() == file),
                "no error for\n" + file.getName());
          }
        });
  }

  @Test
  void hostileNamesWorkOrGetDitherErrors() {
    Properties.check("hostile names work or get Dither errors", TRIES,
        DescriptionPropertiesTest::namedDescription, d -> {
          Map<String, Description> byInterface = Map.of(INTERFACE, d);
          Map<String, JavaFileObject> files = files(byInterface);
          Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(files.values());
          if (compilation.status() == Compilation.Status.FAILURE) {
            assertOnlyDitherErrorsOnDescriptions(compilation, files);
            return;
          }
          ClassLoader loader = NetworkCompiler.compile(sources(byInterface));
          GeneratedNet net = GeneratedNet.create(loader, d.generatedClass(PACKAGE, INTERFACE), 5);
          double loss = (double) net.invoke("trainStep", arguments(d, net.model, new DitherRandom(3)));
          assertTrue(Double.isFinite(loss), "loss " + loss + " of\n" + d);
        });
  }

  private static void assertOnlyDitherErrorsOnDescriptions(Compilation compilation, Map<String, JavaFileObject> files) {
    for (javax.tools.Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String message = error.getMessage(null);
      assertTrue(message.startsWith("[Dither") && !message.startsWith("[DitherInternalError]"),
          "not a Dither error: " + error);
      assertTrue(files.containsValue(error.getSource()) && error.getLineNumber() > 0,
          "error outside the descriptions: " + error);
    }
    assertTrue(compilation.diagnostics().stream().noneMatch(d -> d.getKind() == Kind.WARNING),
        "warnings: " + compilation.diagnostics());
  }

  // ---- generators (simplest option first: a failure shrinks towards it) ----

  static Description validDescription(Choices c) {
    boolean precision = c.bool();
    boolean classification = c.bool();
    int features = c.between(1, 3);
    int vocabulary = c.pick(0, 0, 4);
    int steps = c.between(0, 3);
    boolean variable = c.bool();
    return new Description("", precision, classification, "x", features, vocabulary, steps, variable && steps > 0,
        layers(c, steps > 0, classification));
  }

  /** A valid description mutated by one change that breaks a rule. */
  private static Description invalidDescription(Choices c) {
    Description valid = validDescription(c);
    return c.pick(Mutation.values()).apply(valid);
  }

  /** A valid description whose input, layers or class take names that collide with Java or generated code. */
  private static Description namedDescription(Choices c) {
    Description d = validDescription(c);
    List<String> names = c.distinct(1, 4, METHOD_NAMES);
    String className = c.pick(CLASS_NAMES);
    List<Description.Layer> layers = new ArrayList<>();
    for (int i = 0; i < d.layers().size(); i++) {
      Description.Layer l = d.layers().get(i);
      String method = i + 1 < names.size() ? names.get(i + 1) : l.method();
      layers.add(new Description.Layer(method, l.kind(), l.units(), l.annotationAttributes(), l.activation(),
          l.perStepOutput()));
    }
    return new Description(className, d.doublePrecision(), d.classification(), names.get(0), d.features(),
        d.vocabulary(), d.steps(), d.variableLength(), layers);
  }

  private static final List<String> METHOD_NAMES = List.of(
      "var", "yield", "record", "sealed", "permits", "when", "module", "open", "exports", "to", "with",
      "Math", "System", "String", "Double", "Float", "Override", "Object", "IllegalArgumentException",
      "parameters", "optimizer", "capacity", "noise", "steps", "examplesSeen", "trainStep", "infer", "loss",
      "gradients", "sample", "classify", "forward", "backward", "initialize", "ensureCapacity", "inputSize",
      "outputSize", "batch", "labels", "targets", "inputs", "outputs", "lengths", "tokens", "scale",
      "n", "j", "k", "t", "x", "z", "d", "w", "g", "zr", "yr", "dr", "e", "u", "h", "v", "sig", "gap", "max", "sum",
      "dot", "value", "common", "slope", "level", "NETWORK", "STEPS", "INPUT_SIZE", "OUTPUT_SIZE", "INPUT",
      "SCRATCH", "scratch", "xP", "hWeight", "hP", "step", "random", "counter", "hidden", "Hidden");
  private static final List<String> CLASS_NAMES = List.of("", "", "Math", "System", "String", "Double", "Override",
      "IllegalArgumentException", "Integer", "var", "record", "yield", "Parameter", "Checks", "GeneratedModel",
      "Arrays", "Objects", "List", "Generated");

  private static List<Description.Layer> layers(Choices c, boolean sequence, boolean classification) {
    List<Description.Layer> rnn = sequence ? c.list(0, 2, DescriptionPropertiesTest::recurrentLayer) : List.of();
    SequenceOutputs lastOutput = c.pick(SequenceOutputs.values());
    List<Description.Layer> hidden = c.list(0, 2, DescriptionPropertiesTest::denseLayer);
    Description.Layer output = outputLayer(c, classification);
    List<Description.Layer> all = new ArrayList<>();
    boolean perStep = sequence; // a dense layer reads a sequence input step by step
    for (int i = 0; i < rnn.size(); i++) {
      String out = i + 1 < rnn.size() ? "ALL" : lastOutput.name();
      Description.Layer r = rnn.get(i);
      perStep = out.equals("ALL");
      all.add(new Description.Layer("r" + i, r.kind(), r.units(),
          r.annotationAttributes() + ", output = SequenceOutput." + out, "", perStep));
    }
    for (int i = 0; i < hidden.size(); i++) {
      Description.Layer h = hidden.get(i);
      all.add(new Description.Layer("h" + i, "Dense", h.units(), h.annotationAttributes(), h.activation(), perStep));
    }
    all.add(new Description.Layer("out", "Dense", output.units(), output.annotationAttributes(),
        output.activation(), perStep));
    return all;
  }

  enum SequenceOutputs { LAST, MEAN, ALL }

  private static Description.Layer recurrentLayer(Choices c) {
    String kind = c.pick("Lstm", "Gru");
    int units = c.between(1, 3);
    String functions = c.pick("SOFT", "HARD", "NOISY");
    String variant = c.pick("NAN", "NAH", "NANI", "NANIL", "NANIS");
    double alpha = c.pick(1.0, 0.9, 1.15);
    double scale = c.pick(0.5, 2.0);
    return new Description.Layer("r", kind, units,
        "functions = GateFunctions." + functions + (functions.equals("NOISY") ? ", noise = " + noise(variant, alpha, scale, true) : ""),
        "", false);
  }

  private static Description.Layer denseLayer(Choices c) {
    int units = c.between(1, 4);
    String fn = c.pick("IDENTITY", "RELU", "SIGMOID", "TANH", "HARD_SIGMOID", "HARD_TANH");
    String variant = c.pick("NONE", "NAN", "NAH", "NANI", "NANIL", "NANIS");
    double alpha = c.pick(1.0, 0.9, 1.15);
    double scale = c.pick(1.0, 0.3, 2.0);
    boolean learnP = !c.bool();
    String init = c.pick("PYTORCH_DEFAULT", "GLOROT_UNIFORM", "ORTHOGONAL");
    double biasShift = c.pick(0.0, 0.5, -1.0);
    boolean hard = fn.startsWith("HARD");
    String noise = hard && !variant.equals("NONE") ? ", noise = " + noise(variant, alpha, scale, learnP) : "";
    String activation = fn.equals("IDENTITY") ? "" : "@Activation(value = Fn." + fn + noise + ")";
    String attributes = "init = Init." + init + (init.equals("PYTORCH_DEFAULT") ? "" : ", gain = 1.5")
        + (biasShift == 0 ? "" : ", biasShift = " + biasShift);
    return new Description.Layer("h", "Dense", units, attributes, activation, false);
  }

  private static Description.Layer outputLayer(Choices c, boolean classification) {
    if (classification) {
      int units = c.between(2, 3);
      return new Description.Layer("out", "Dense", units, "", c.pick("", "@Activation(Fn.SOFTMAX)"), false);
    }
    return denseLayer(c);
  }

  private static String noise(String variant, double alpha, double c, boolean learnP) {
    boolean mixes = variant.equals("NAN") || variant.equals("NAH");
    boolean hasP = mixes || variant.equals("NANIL");
    return "@Noise(variant = NoiseVariant." + variant + (mixes && alpha != 1.0 ? ", alpha = " + alpha : "")
        + ", c = " + c + (hasP && !learnP ? ", learnP = false" : "") + ")";
  }

  /** One change that makes a valid description invalid, each breaking a different rule. */
  enum Mutation {
    ZERO_UNITS, NEGATIVE_FEATURES, SOFTMAX_IN_HIDDEN_LAYER, NOISE_ON_SOFT_FUNCTION, NEGATIVE_ALPHA,
    LEVEL_WITHOUT_VARIANT, HUGE_BIAS_SHIFT, CONSTANT_CLASH, RECURRENT_OUTPUT, RESTRICTED_CLASS_NAME, DOLLAR_NAME,
    TOO_LARGE;

    Description apply(Description d) {
      List<Description.Layer> layers = new ArrayList<>(d.layers());
      Description.Layer last = layers.get(layers.size() - 1);
      switch (this) {
        case ZERO_UNITS -> layers.set(0, resized(layers.get(0), 0));
        case NEGATIVE_FEATURES -> {
          return new Description(d.name(), d.doublePrecision(), d.classification(), d.inputName(), -1, d.vocabulary(),
              d.steps(), d.variableLength(), layers);
        }
        case SOFTMAX_IN_HIDDEN_LAYER -> layers.add(layers.size() - 1, hidden("@Activation(Fn.SOFTMAX)", "", last));
        case NOISE_ON_SOFT_FUNCTION -> layers.add(layers.size() - 1,
            hidden("@Activation(value = Fn.TANH, noise = @Noise(variant = NoiseVariant.NAN))", "", last));
        case NEGATIVE_ALPHA -> layers.add(layers.size() - 1,
            hidden("@Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH, alpha = -1))", "", last));
        case LEVEL_WITHOUT_VARIANT -> layers.add(layers.size() - 1,
            hidden("@Activation(value = Fn.HARD_SIGMOID, noise = @Noise(c = 0.7))", "", last));
        case HUGE_BIAS_SHIFT -> layers.add(layers.size() - 1, hidden("", "biasShift = 1e300", last));
        // "OUT" and "out" both derive the constant OUT_UNITS.
        case CONSTANT_CLASH -> layers.add(layers.size() - 1, renamed(hidden("", "", last), "OUT"));
        case RECURRENT_OUTPUT -> layers.add(new Description.Layer("tail", "Lstm", 2, "", "", false));
        case RESTRICTED_CLASS_NAME -> {
          return new Description("record", d.doublePrecision(), d.classification(), d.inputName(), d.features(),
              d.vocabulary(), d.steps(), d.variableLength(), layers);
        }
        case DOLLAR_NAME -> layers.set(layers.size() - 1, renamed(last, "o$ut"));
        case TOO_LARGE -> {
          layers.add(layers.size() - 1, new Description.Layer("wide", "Dense", 1 << 16, "", "", last.perStepOutput()));
          layers.set(layers.size() - 1, resized(last, 1 << 16));
        }
      }
      return d.withLayers(layers);
    }

    private static Description.Layer hidden(String activation, String attributes, Description.Layer before) {
      return new Description.Layer("bad", "Dense", 3, attributes, activation, before.perStepOutput());
    }

    private static Description.Layer resized(Description.Layer l, int units) {
      return new Description.Layer(l.method(), l.kind(), units, l.annotationAttributes(), l.activation(),
          l.perStepOutput());
    }

    private static Description.Layer renamed(Description.Layer l, String method) {
      return new Description.Layer(method, l.kind(), l.units(), l.annotationAttributes(), l.activation(),
          l.perStepOutput());
    }
  }

  // ---- compiling and running ----

  static Map<String, Description> named(List<Description> descriptions) {
    Map<String, Description> byInterface = new LinkedHashMap<>();
    for (int i = 0; i < descriptions.size(); i++) {
      byInterface.put("Net" + i, descriptions.get(i));
    }
    return byInterface;
  }

  static Map<String, String> sources(Map<String, Description> byInterface) {
    Map<String, String> sources = new LinkedHashMap<>();
    byInterface.forEach((name, d) -> sources.put(PACKAGE + "." + name, d.source(PACKAGE, name)));
    return sources;
  }

  private static Map<String, JavaFileObject> files(Map<String, Description> byInterface) {
    Map<String, JavaFileObject> files = new LinkedHashMap<>();
    sources(byInterface).forEach((name, source) -> files.put(name, JavaFileObjects.forSourceString(name, source)));
    return files;
  }

  /** Inputs (token ids for an embedding), lengths for variable-length sequences, and targets. */
  private static Object[] arguments(Description d, GeneratedModel model, DitherRandom random) {
    return arguments(d, model, random, BATCH);
  }

  /** Random inputs and targets for {@code d}, {@code batch} examples. */
  static Object[] arguments(Description d, GeneratedModel model, DitherRandom random, int batch) {
    final int BATCH = batch;
    List<Object> args = new ArrayList<>();
    int steps = Math.max(1, d.steps());
    if (d.vocabulary() > 0) {
      int[] ids = new int[BATCH * steps];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = random.nextInt(d.vocabulary());
      }
      args.add(ids);
    } else {
      double[] x = new double[BATCH * model.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextUniform(-2, 2);
      }
      args.add(x);
    }
    if (d.variableLength()) {
      int[] lengths = new int[BATCH];
      for (int n = 0; n < BATCH; n++) {
        lengths[n] = 1 + random.nextInt(steps);
      }
      args.add(lengths);
    }
    int rows = BATCH * (d.perStepOutput() ? steps : 1);
    int units = d.layers().get(d.layers().size() - 1).units();
    if (d.classification()) {
      int[] labels = new int[rows];
      for (int i = 0; i < rows; i++) {
        labels[i] = random.nextInt(units);
      }
      args.add(labels);
    } else {
      double[] targets = new double[rows * units];
      for (int i = 0; i < targets.length; i++) {
        targets[i] = random.nextUniform(-1, 1);
      }
      args.add(targets);
    }
    return args.toArray();
  }
}
