package dev.dither.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Compiles network descriptions with the processor at test time and loads the generated
 * classes, so tests can run networks of any shape without checking them in.
 */
final class NetworkCompiler {
  private NetworkCompiler() {}

  /** Compiles {@code sources} (fully qualified name → source) and returns their class loader. */
  static ClassLoader compile(Map<String, String> sources) {
    JavaFileObject[] files = sources.entrySet().stream()
        .map(e -> JavaFileObjects.forSourceString(e.getKey(), e.getValue()))
        .toArray(JavaFileObject[]::new);
    Compilation compilation = javac().withProcessors(new DitherProcessor()).compile(files);
    if (compilation.status() != Compilation.Status.SUCCESS) {
      throw new AssertionError("compilation failed: " + compilation.diagnostics());
    }
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // Paths look like /CLASS_OUTPUT/dev/dither/x/Foo.class.
      String path = file.toUri().getPath();
      String name = path.substring(path.indexOf("/CLASS_OUTPUT/") + "/CLASS_OUTPUT/".length(),
          path.length() - ".class".length()).replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(NetworkCompiler.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
  }

  /** Compiles one description in package {@code test} and instantiates its model with {@code seed}. */
  static GeneratedNet single(String interfaceName, String body, long seed) {
    ClassLoader loader = compile(Map.of("test." + interfaceName, source(interfaceName, body)));
    return GeneratedNet.create(loader, "test." + interfaceName + "Model", seed);
  }

  /** A source file in package {@code test} importing every Dither annotation and enum. */
  static String source(String interfaceName, String body) {
    return "package test;\n"
        + "import dev.dither.*;\n"
        + body.replace("$NAME", interfaceName) + "\n";
  }
}
