package dev.dither.processor;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Runs a {@link DitherProcessor} whose {@link Filer} is wrapped: every file the processor asks
 * for is recorded with its originating elements (which compile-testing cannot show, and which
 * it hides altogether after a failed compilation), and chosen files can be made to fail with a
 * given exception, which is how a test reaches the processor's internal-error path.
 */
final class InterceptingProcessor implements Processor {
  /** One {@code create*} call on the Filer. */
  record Created(String name, List<Element> originatingElements) {}

  private final Processor delegate = new DitherProcessor();
  private final Function<String, Throwable> failures;
  private final List<Created> created = new ArrayList<>();

  /** Records every file and lets every creation through. */
  InterceptingProcessor() {
    this(name -> null);
  }

  /** Throws {@code failures.apply(name)} from the Filer instead of creating {@code name}, unless null. */
  InterceptingProcessor(Function<String, Throwable> failures) {
    this.failures = failures;
  }

  /** The files the processor tried to create, in order, failed ones included. */
  List<Created> created() {
    return List.copyOf(created);
  }

  List<String> createdNames() {
    return created.stream().map(Created::name).toList();
  }

  @Override
  public void init(ProcessingEnvironment env) {
    Filer real = env.getFiler();
    Filer filer = proxy(Filer.class, (self, method, args) -> {
      String name = switch (method.getName()) {
        case "createSourceFile", "createClassFile" -> args[0].toString();
        case "createResource" -> args[1] + "/" + args[2];
        default -> null;
      };
      if (name != null) {
        Element[] originating = (Element[]) args[args.length - 1];
        created.add(new Created(name, originating == null ? List.of() : List.of(originating)));
        Throwable failure = failures.apply(name);
        if (failure != null) {
          throw failure;
        }
      }
      return invoke(method, real, args);
    });
    delegate.init(proxy(ProcessingEnvironment.class,
        (self, method, args) -> method.getName().equals("getFiler") ? filer : invoke(method, env, args)));
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    return delegate.process(annotations, round);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public Iterable<? extends Completion> getCompletions(Element element, AnnotationMirror annotation,
      ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
