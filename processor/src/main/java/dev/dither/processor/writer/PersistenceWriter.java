package dev.dither.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.dither.processor.model.ActivationModel;
import dev.dither.processor.model.DenseLayerModel;
import dev.dither.processor.model.InputModel;
import dev.dither.processor.model.LayerModel;
import dev.dither.processor.model.NetworkModel;
import dev.dither.processor.model.RecurrentLayerModel;
import dev.dither.processor.model.RecurrentLayerModel.GateSite;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code saveWeights}, {@code saveCheckpoint}, {@code loadWeights} and
 * {@code loadCheckpoint}: each delegates to the runtime's {@code Checkpoints} with a
 * {@code ModelState} that exposes the model's private state (schedules, optimizer, noise,
 * counters, carried recurrent state) in a few lines, so the format and its checks are written
 * once, in the runtime. Also writes the network's canonical description, whose SHA-256 is the
 * fingerprint that weight files are checked against.
 */
final class PersistenceWriter {
  private static final ClassName CHECKPOINTS = ClassName.get(WriterContext.RUNTIME, "Checkpoints");
  private static final ClassName MODEL_STATE = ClassName.get(WriterContext.RUNTIME, "ModelState");
  private static final ClassName OPTIMIZER = ClassName.get(WriterContext.RUNTIME, "Optimizer");
  private static final ClassName NOISE_SOURCE = ClassName.get(WriterContext.RUNTIME, "NoiseSource");

  /** A carried recurrent state array: its name in files, its field and its width constant. */
  record Carried(String name, String field, String width) {}

  private final NetworkModel net;
  private final List<LayerWriter.NoiseSiteFields> sites;
  private final List<Carried> carried;

  PersistenceWriter(NetworkModel net, List<LayerWriter.NoiseSiteFields> sites, List<Carried> carried) {
    this.net = net;
    this.sites = sites;
    this.carried = carried;
  }

  /** {@code DESCRIPTION}: every property of the network that a set of weights depends on. */
  FieldSpec description() {
    return FieldSpec.builder(String.class, "DESCRIPTION", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("The canonical description of {@link $L} that weight files are checked against; its\n"
            + "SHA-256 is the network's fingerprint.\n", net.interfaceName())
        .initializer("$S", describe(net))
        .build();
  }

  static String describe(NetworkModel net) {
    List<String> parts = new ArrayList<>();
    parts.add("precision " + net.precision());
    parts.add("loss " + net.loss());
    InputModel in = net.input();
    parts.add("input " + in.name() + " " + in.size()
        + (in.isEmbedding() ? " vocabulary " + in.vocabulary() : "")
        + (in.isSequence() ? " steps " + in.steps() + (in.variableLength() ? " variable" : "") : ""));
    for (LayerModel layer : net.layers()) {
      if (layer instanceof DenseLayerModel d) {
        parts.add("dense " + d.name() + " " + d.inputs() + "->" + d.units() + (d.perStep() ? " per-step" : "")
            + " " + activation(d.activation()));
      } else {
        RecurrentLayerModel r = (RecurrentLayerModel) layer;
        parts.add(r.cell().name().toLowerCase(Locale.ROOT) + " " + r.name() + " " + r.inputs() + "->" + r.units()
            + " output " + r.output() + " " + r.allSites().stream()
                .map(s -> s.gate().name().toLowerCase(Locale.ROOT) + ":" + activation(s.activation()))
                .collect(Collectors.joining(",", "[", "]")));
      }
    }
    return String.join("; ", parts);
  }

  private static String activation(ActivationModel a) {
    return a.fn() + (a.hasNoise() ? " " + a.variant() + " alpha=" + a.alpha() + " c=" + a.c()
        + (a.hasP() ? " learnP=" + a.learnP() : "") : "");
  }

  /** The four public methods and {@code state()}. */
  List<MethodSpec> methods() {
    List<MethodSpec> methods = new ArrayList<>();
    for (String name : new String[] {"saveWeights", "saveCheckpoint", "loadWeights", "loadCheckpoint"}) {
      methods.add(EntryPointWriter.guarded(MethodSpec.methodBuilder(name)
          .addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC)
          .addParameter(Path.class, "file")
          .addException(IOException.class)
          .addStatement("$T.$L(state(), file)", CHECKPOINTS, name)
          .build()));
    }
    methods.add(stateMethod());
    return methods;
  }

  private MethodSpec stateMethod() {
    String names = sites.stream().map(s -> "\"" + s.site() + "\"").collect(Collectors.joining(", "));
    // $T, not text: a type of the user's package may hide java.lang.String.
    CodeBlock args = carried.isEmpty()
        ? CodeBlock.of("this, DESCRIPTION, new $T[] {$L}", String.class, names)
        : CodeBlock.of("this, DESCRIPTION, new $T[] {$L},\n    new $T[] {$L}, new int[] {$L}", String.class, names,
            String.class, carried.stream().map(c -> "\"" + c.name() + "\"").collect(Collectors.joining(", ")),
            carried.stream().map(Carried::width).collect(Collectors.joining(", ")));
    TypeSpec.Builder state = TypeSpec.anonymousClassBuilder(args).superclass(MODEL_STATE)
        .addMethod(override("noiseLevel", double.class).addParameter(int.class, "site").addParameter(long.class, "step")
            .addCode(siteSwitch("return $L.level(step)", false)).build())
        .addMethod(override("fixNoiseLevel", void.class).addParameter(int.class, "site").addParameter(double.class, "c")
            .addCode(siteSwitch("$L = $T.constant(c); return", true)).build())
        .addMethod(override("optimizer", OPTIMIZER).addStatement("return optimizer").build())
        .addMethod(override("noise", NOISE_SOURCE).addStatement("return noise").build())
        .addMethod(override("maxGradientNorm", double.class).addStatement("return maxGradientNorm").build())
        .addMethod(override("restoreCounters", void.class)
            .addParameter(long.class, "steps").addParameter(long.class, "examplesSeen")
            .addStatement("$L.this.steps = steps", net.className())
            .addStatement("$L.this.examplesSeen = examplesSeen", net.className()).build());
    if (!carried.isEmpty()) {
      CodeBlock.Builder arrays = CodeBlock.builder().beginControlFlow("switch (index)");
      for (int i = 0; i < carried.size(); i++) {
        arrays.addStatement("case $L: return $L", i, carried.get(i).field());
      }
      arrays.addStatement("default: throw new $T(\"carried state \" + index)", IndexOutOfBoundsException.class)
          .endControlFlow();
      state.addMethod(override("carrying", boolean.class).addStatement("return carryState").build())
          .addMethod(override("carriedRows", int.class).addStatement("return capacity").build())
          .addMethod(override("carried", Object.class).addParameter(int.class, "index").addCode(arrays.build()).build())
          .addMethod(override("restoreCarried", void.class)
              .addParameter(boolean.class, "carry").addParameter(int.class, "rows")
              .addComment("Reallocated at exactly the saved batch, so that later calls grow (and reset) as the saved model's would.")
              .addStatement("capacity = 0")
              .addStatement("ensureCapacity(rows)")
              .addStatement("carryState = carry").build());
    }
    return MethodSpec.methodBuilder("state")
        .addModifiers(Modifier.PRIVATE)
        .returns(MODEL_STATE)
        .addJavadoc("What {@link $T} saves and restores beyond the parameters.\n", CHECKPOINTS)
        .addStatement("return $L", state.build())
        .build();
  }

  private CodeBlock siteSwitch(String statement, boolean schedules) {
    CodeBlock.Builder c = CodeBlock.builder().beginControlFlow("switch (site)");
    for (int i = 0; i < sites.size(); i++) {
      if (schedules) {
        c.addStatement("case $L: " + statement, i, sites.get(i).schedule(), WriterContext.SCHEDULES);
      } else {
        c.addStatement("case $L: " + statement, i, sites.get(i).schedule());
      }
    }
    return c.addStatement("default: throw new $T(\"noise site \" + site)", IndexOutOfBoundsException.class)
        .endControlFlow().build();
  }

  private static MethodSpec.Builder override(String name, Object returns) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PROTECTED);
    return returns instanceof TypeName t ? m.returns(t) : m.returns((Class<?>) returns);
  }
}
