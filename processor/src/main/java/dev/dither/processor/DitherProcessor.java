package dev.dither.processor;

import com.google.auto.service.AutoService;
import dev.dither.Network;
import dev.dither.processor.model.NetworkModel;
import dev.dither.processor.validation.NetworkValidator;
import dev.dither.processor.validation.UnresolvedValues;
import dev.dither.processor.writer.NetworkWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Turns each {@code @Network} interface into a generated class in three stages: validation
 * ({@link NetworkValidator}, which reports every rule violation at its annotation attribute),
 * an immutable {@link NetworkModel}, and writing ({@link NetworkWriter}). Nothing is written for
 * a network with errors. An unexpected exception becomes one error on the interface instead of
 * a javac crash. Registered as an isolating incremental processor for Gradle: each output
 * depends on exactly one annotated interface.
 */
@AutoService(Processor.class)
public final class DitherProcessor extends AbstractProcessor {
  /** Classes written by this processor instance, so two networks cannot claim one name. */
  private final Set<String> generated = new java.util.HashSet<>();

  /** Interfaces whose annotations javac had not resolved yet, by name, retried in the next round. */
  private final Set<String> deferred = new java.util.LinkedHashSet<>();

  /**
   * Every annotation of {@code dev.dither}, and the {@code @Generated} of the generated classes,
   * so that they are claimed: with {@code -Xlint:all} javac warns about annotations no processor
   * claims.
   */
  private static final Set<String> ANNOTATIONS = java.util.stream.Stream.concat(
          java.util.stream.Stream.of(Network.class, dev.dither.Input.class, dev.dither.Embedding.class,
                  dev.dither.Sequence.class, dev.dither.Dense.class, dev.dither.Activation.class, dev.dither.Lstm.class,
                  dev.dither.Gru.class, dev.dither.Gate.class, dev.dither.Noise.class)
              .map(Class::getCanonicalName),
          java.util.stream.Stream.of("javax.annotation.processing.Generated"))
      .collect(java.util.stream.Collectors.toUnmodifiableSet());

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    // Named one by one: a wildcard would make Gradle treat the isolating processor as aggregating.
    return ANNOTATIONS;
  }

  /** {@code -Adither.report}: print each network's compile-time cost report as a note. */
  static final String REPORT_OPTION = "dither.report";

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(REPORT_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    Reporter reporter = new Reporter(processingEnv.getMessager());
    Set<TypeElement> networks = new java.util.LinkedHashSet<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        networks.add(type);
      }
    }
    deferred.clear();
    for (Element element : round.getElementsAnnotatedWith(Network.class)) {
      networks.add((TypeElement) element);
    }
    Set<String> planned = new java.util.HashSet<>(generated);
    for (TypeElement type : networks) {
      if (!UnresolvedValues.in(type)) {
        String pkg = processingEnv.getElementUtils().getPackageOf(type).getQualifiedName().toString();
        planned.add((pkg.isEmpty() ? "" : pkg + ".") + NetworkValidator.className(type));
      }
    }
    for (TypeElement type : networks) {
      if (UnresolvedValues.in(type)) {
        // javac reports the unresolved symbol itself if no later round resolves it.
        deferred.add(type.getQualifiedName().toString());
        continue;
      }
      try {
        Optional<NetworkModel> model =
            new NetworkValidator(processingEnv.getElementUtils(), reporter, planned).validate(type);
        if (model.isPresent()) {
          NetworkModel m = model.get();
          String qualified = m.packageName().isEmpty() ? m.className() : m.packageName() + "." + m.className();
          if (processingEnv.getElementUtils().getTypeElement(qualified) != null || !generated.add(qualified)) {
            AnnotationMirror network = type.getAnnotationMirrors().stream()
                .filter(a -> a.getAnnotationType().toString().equals(Network.class.getCanonicalName()))
                .findFirst().orElse(null);
            reporter.error(Diagnostic.CLASS_EXISTS, type, network, nameValue(network),
                type.getQualifiedName(), qualified);
            continue;
          }
          NetworkWriter writer = new NetworkWriter(m);
          writer.write(type).writeTo(processingEnv.getFiler());
          if (reportRequested()) {
            processingEnv.getMessager().printMessage(javax.tools.Diagnostic.Kind.NOTE, writer.costReport(), type);
          }
        }
      } catch (IOException | RuntimeException e) {
        reporter.error(Diagnostic.INTERNAL_ERROR, type, null, null, type.getQualifiedName(), stackTrace(e));
      }
    }
    return true;
  }

  /** {@code -Adither.report} or {@code -Adither.report=true}; {@code =false} turns it off again. */
  private boolean reportRequested() {
    return processingEnv.getOptions().containsKey(REPORT_OPTION)
        && !"false".equalsIgnoreCase(processingEnv.getOptions().get(REPORT_OPTION));
  }

  private static AnnotationValue nameValue(AnnotationMirror mirror) {
    if (mirror == null) {
      return null;
    }
    return mirror.getElementValues().entrySet().stream()
        .filter(e -> e.getKey().getSimpleName().contentEquals("name"))
        .map(java.util.Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
