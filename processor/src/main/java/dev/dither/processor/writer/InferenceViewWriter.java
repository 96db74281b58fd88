package dev.dither.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Model>.InferenceView}, the nested class returned by {@code inferenceView()}: the
 * model's evaluation-mode entry points over the model's weights (shared, read-only) and buffers
 * of its own, so that one view per thread serves one set of trained weights.
 *
 * <p>The view is not written from the model description but cut out of the finished model
 * class: starting from the model's {@code infer}, {@code classify} and {@code probabilities},
 * every private method they reach is copied verbatim, so whatever the layer writers generate
 * for the forward pass, the view runs the same code. Each field those methods read is
 * <ul>
 *   <li>shared if it holds a parameter's values (assigned from the model in the constructor);</li>
 *   <li>a snapshot if it is a noise level c (NAH's evaluation output depends on it): the level
 *       the model's schedule gives at its current step when the view is created;</li>
 *   <li>a compile-time default if it is noise state ({@code noise}, {@code examplesSeen}) or the
 *       {@code carryState} switch, read only on training paths of the shared code, which the
 *       view never takes;</li>
 *   <li>otherwise the view's own (buffers, scratch rows, the guard).</li>
 * </ul>
 * Anything else (gradients, schedules, optimizer, step count) would be training state reached
 * from the forward pass, and stops generation rather than being shared silently.
 */
final class InferenceViewWriter {
  /** Noise state, and the truncated-BPTT switch: a view never carries state from call to call. */
  private static final Set<String> TRAINING_DEFAULTS = Set.of("noise", "examplesSeen", "carryState");
  private static final Set<String> TRAINING_STATE =
      Set.of("parameters", "optimizer", "steps", "nonFiniteLoss", "maxGradientNorm");
  private static final Set<String> ROOTS = Set.of("infer", "classify", "probabilities");
  private static final Pattern LITERALS_AND_COMMENTS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|//[^\n]*");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern PARAMETER_ARRAYS = Pattern.compile("(\\w+), (\\w+)\\)$");

  private final ClassName model;
  private final TypeName viewInterface;
  private final List<MethodSpec> missingEntries;
  private final MethodSpec forward;
  private final Function<List<LayerWriter.Buffer>, MethodSpec> ensureCapacity;
  private final List<LayerWriter.Buffer> buffers;
  private final Set<String> values = new LinkedHashSet<>();
  private final Set<String> gradients = new LinkedHashSet<>();
  private final Map<String, CodeBlock> levels;

  /**
   * @param viewInterface the {@code InferenceModel} type the view implements
   * @param missingEntries entry points of that interface the model does not have (they throw)
   * @param forward the view's {@code forward(inputs, batch, training)}: the layers without reading schedules
   * @param ensureCapacity writes {@code ensureCapacity(batch)} for the given buffers
   * @param parameterEntries the model's {@code Parameter.of...(..., values, grads)} registrations
   * @param levels each level field and the statement that snapshots it from {@code model}
   */
  InferenceViewWriter(ClassName model, TypeName viewInterface, List<MethodSpec> missingEntries, MethodSpec forward,
      Function<List<LayerWriter.Buffer>, MethodSpec> ensureCapacity, List<LayerWriter.Buffer> buffers,
      List<CodeBlock> parameterEntries, Map<String, CodeBlock> levels) {
    this.model = model;
    this.viewInterface = viewInterface;
    this.missingEntries = missingEntries;
    this.forward = forward;
    this.ensureCapacity = ensureCapacity;
    this.buffers = buffers;
    this.levels = levels;
    for (CodeBlock entry : parameterEntries) {
      Matcher m = PARAMETER_ARRAYS.matcher(entry.toString());
      if (!m.find()) {
        throw new IllegalStateException("unexpected parameter registration: " + entry);
      }
      values.add(m.group(1));
      gradients.add(m.group(2));
    }
  }

  /** {@code InferenceView}, or {@code View} in a model itself called so (a nested class cannot share its name). */
  private String viewName() {
    return model.simpleName().equals("InferenceView") ? "View" : "InferenceView";
  }

  /** {@code inferenceView()} on the model. */
  MethodSpec factory() {
    return MethodSpec.methodBuilder("inferenceView")
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(model.nestedClass(viewName()))
        .addJavadoc("A new evaluation-only view of this model for one serving thread: it shares this model's\n"
            + "weights (read-only, not copied) and owns only its activation buffers; no optimizer, gradient\n"
            + "or noise state. Noise levels are those in force now. Create one view per thread; do not train\n"
            + "this model while its views serve (they would read weights mid-update).\n")
        .addStatement("return new $L(this)", viewName())
        .build();
  }

  /** The nested view class, cut out of the finished {@code modelType}. */
  TypeSpec view(TypeSpec modelType) {
    // By name: a referenced name brings every overload along.
    Map<String, List<MethodSpec>> privateMethods = new LinkedHashMap<>();
    List<MethodSpec> methods = new ArrayList<>();
    for (MethodSpec m : modelType.methodSpecs()) {
      if (m.modifiers().contains(Modifier.PRIVATE)) {
        privateMethods.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m);
      } else if (ROOTS.contains(m.name())) {
        methods.add(m);
      }
    }
    privateMethods.put("forward", List.of(forward));
    Set<String> used = new LinkedHashSet<>(Set.of("capacity"));
    Deque<MethodSpec> work = new ArrayDeque<>(methods);
    Set<String> included = new LinkedHashSet<>();
    while (!work.isEmpty()) {
      for (String name : identifiers(work.pop())) {
        used.add(name);
        List<MethodSpec> callees = privateMethods.get(name);
        if (callees != null && !name.equals("ensureCapacity") && included.add(name)) {
          methods.addAll(callees);
          callees.forEach(work::push);
        }
      }
    }

    TypeSpec.Builder view = TypeSpec.classBuilder(viewName())
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(viewInterface)
        .addJavadoc("Evaluation-mode entry points over the weights of a {@link $T} (shared, read-only) with\n"
            + "buffers of its own: one view per serving thread. The methods are the model's own, so results are\n"
            + "bitwise those of the model's {@code infer}. Single-threaded, like the model.\n", model);
    MethodSpec.Builder constructor = MethodSpec.constructorBuilder()
        .addModifiers(Modifier.PRIVATE)
        .addParameter(model, "model");
    List<LayerWriter.Buffer> grown = new ArrayList<>();
    for (FieldSpec f : modelType.fieldSpecs()) {
      String name = f.name();
      if (f.modifiers().contains(Modifier.STATIC) || !used.contains(name)) {
        continue;
      }
      if (TRAINING_STATE.contains(name) || gradients.contains(name)) {
        throw new IllegalStateException("the inference view's methods read training state '" + name + "'");
      } else if (TRAINING_DEFAULTS.contains(name)) {
        view.addField(FieldSpec.builder(f.type(), name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc("Read only on training paths of the shared code, which a view never takes.\n")
            .initializer(f.type().equals(TypeName.BOOLEAN) ? "false" : f.type().isPrimitive() ? "0" : "null").build());
      } else if (values.contains(name)) {
        view.addField(FieldSpec.builder(f.type(), name, Modifier.PRIVATE, Modifier.FINAL).build());
        constructor.addStatement("this.$L = model.$L", name, name);
      } else if (levels.containsKey(name)) {
        view.addField(FieldSpec.builder(f.type(), name, Modifier.PRIVATE, Modifier.FINAL).build());
        constructor.addCode(levels.get(name));
      } else if (name.equals(EntryPointWriter.GUARD)) {
        view.addField(EntryPointWriter.guardField("inference view"));
      } else {
        view.addField(f);
        buffers.stream().filter(b -> b.name().equals(name) && !b.noise()).forEach(grown::add);
      }
    }
    view.addMethod(constructor.build());
    view.addMethods(methods);
    view.addMethods(missingEntries);
    view.addMethod(ensureCapacity.apply(grown));
    return view.build();
  }

  private static Set<String> identifiers(MethodSpec m) {
    Set<String> names = new LinkedHashSet<>();
    // String literals and comments name layers and arguments, not members.
    String code = LITERALS_AND_COMMENTS.matcher(m.code().toString()).replaceAll(" ");
    Matcher matcher = IDENTIFIER.matcher(code);
    while (matcher.find()) {
      names.add(matcher.group());
    }
    return names;
  }

  /** An entry point of the view interface that this network cannot offer. */
  static MethodSpec unsupported(String name, List<ParameterSpec> parameters, String why) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .addParameters(parameters)
        .addStatement("throw new $T(NETWORK + $S)", UnsupportedOperationException.class, ": " + why)
        .build();
  }
}
