package dev.dither.samples.persist;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test classpath in a fresh JVM. */
final class ChildJvm {
  record Result(int exitCode, String output) {}

  private ChildJvm() {}

  static Result run(long timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    return run(null, timeoutSeconds, jvmOptions, main, args);
  }

  /** Runs {@code main} with {@code workingDirectory} as the current directory (this one's if null). */
  static Result run(Path workingDirectory, long timeoutSeconds, List<String> jvmOptions, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    File log = File.createTempFile("child-jvm", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(workingDirectory == null ? null : workingDirectory.toFile())
          .redirectErrorStream(true).redirectOutput(log).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError(main.getSimpleName() + " did not finish in " + timeoutSeconds + " s: "
            + Files.readString(log.toPath()));
      }
      return new Result(p.exitValue(), Files.readString(log.toPath()));
    } finally {
      log.delete();
    }
  }
}
