package dev.dither.samples.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows the README as a new user would: runs its install command on a copy of this repository
 * into a private local Maven repository (never the shared {@code ~/.m2}'s {@code dev/dither}),
 * creates a new project from its {@code pom.xml} and every Java file it shows (a snippet whose first
 * line is {@code // src/...}), builds it and runs its training program with the README's command.
 * So those snippets compile as written, and the installation instructions are the ones that work.
 * Fragments (snippets without a path, which use variables of the files) are not compiled.
 */
class ReadmeProjectTest {
  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```");
  private static final Pattern ACCURACY = Pattern.compile("test accuracy (\\d\\.\\d+)");

  @TempDir Path temp;

  @Test
  void aNewProjectBuiltFromTheReadmeTrainsItsNetwork() throws Exception {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    List<String[]> blocks = new ArrayList<>();
    Matcher m = FENCE.matcher(readme);
    while (m.find()) {
      blocks.add(new String[] {m.group(1), m.group(2)});
    }
    String install = commandContaining(blocks, " install ");
    String run = commandContaining(blocks, "exec:java");
    List<String> poms = blocks.stream().filter(b -> b[0].equals("xml")).map(b -> b[1]).toList();
    assertEquals(1, poms.size(), "the README shows one pom.xml");
    List<String> javaFiles = blocks.stream().filter(b -> b[0].equals("java")).map(b -> b[1]).toList();
    assertTrue(javaFiles.stream().filter(j -> j.startsWith("// src/")).count() >= 3,
        "whole Java files among the snippets: " + javaFiles.size());

    Path repository = privateRepository();
    try {
      followReadme(root, repository, install, run, poms.get(0), javaFiles);
    } finally {
      unlink(repository);
      unlink(repository.resolve("dev"));
    }
  }

  private void followReadme(Path root, Path repository, String install, String run, String pom,
      List<String> javaFiles) throws Exception {
    Path clone = temp.resolve("clone");
    copyTracked(root, clone);
    String installOut = mvn(clone, install, repository);
    assertTrue(Files.isDirectory(repository.resolve("dev/dither/dither-runtime/0.1.0-SNAPSHOT")),
        "the install command put the runtime into the local repository:\n" + installOut);

    Path project = temp.resolve("project");
    Files.createDirectories(project);
    Files.writeString(project.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
    for (String source : javaFiles) {
      String first = source.lines().findFirst().orElse("");
      if (!first.startsWith("// src/")) {
        continue; // a fragment that uses the files above (e.g. `net`); only whole files are built
      }
      Path file = project.resolve(first.substring(3).trim());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source, StandardCharsets.UTF_8);
    }
    String output = mvn(project, run, repository);
    System.out.println("README's program printed:\n" + output);
    Matcher accuracy = ACCURACY.matcher(output);
    assertTrue(accuracy.find(), "the README's program printed its accuracy:\n" + output);
    double value = Double.parseDouble(accuracy.group(1));
    assertTrue(value > 0.9, "the README's network learned the circle: test accuracy " + value + "\n" + output);
    assertTrue(Files.isRegularFile(project.resolve("target/classes/demo/UniqueCountModel.class")),
        "the recurrent snippet was generated and compiled");
  }

  /** The one command line of a {@code sh} block that contains {@code word}, without its comment. */
  private static String commandContaining(List<String[]> blocks, String word) {
    List<String> lines = blocks.stream().filter(b -> b[0].equals("sh")).flatMap(b -> b[1].lines())
        .map(l -> l.replaceFirst("\\s+#.*$", "").trim()).filter(l -> l.startsWith("mvn ") && l.contains(word))
        .toList();
    assertEquals(1, lines.size(), "README command lines containing '" + word + "': " + lines);
    return lines.get(0);
  }

  /**
   * A local repository in the temporary folder that sees the shared one's third-party artifacts
   * through symbolic links, but holds its own {@code dev/dither}: what the install writes there
   * stays private to this test.
   */
  private Path privateRepository() throws IOException {
    Path shared = Path.of(System.getProperty("user.home"), ".m2", "repository");
    Path repository = temp.resolve("m2");
    Files.createDirectories(repository.resolve("dev"));
    if (Files.isDirectory(shared)) {
      link(shared, repository, "dev");
      if (Files.isDirectory(shared.resolve("dev"))) {
        link(shared.resolve("dev"), repository.resolve("dev"), "dither");
      }
    }
    return repository;
  }

  /** Removes the links (not what they point to) before the temporary folder is deleted. */
  private static void unlink(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (Files.isSymbolicLink(entry)) {
          Files.delete(entry);
        }
      }
    }
  }

  private static void link(Path from, Path to, String except) throws IOException {
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (!entry.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName().toString()), entry);
        }
      }
    }
  }

  /** The sources as a fresh clone has them: everything but build output and git's own folder. */
  private static void copyTracked(Path root, Path clone) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path relative = root.relativize(file);
        boolean skipped = false;
        for (Path part : relative) {
          String name = part.toString();
          skipped |= name.equals("target") || name.equals(".git") || name.equals("docs");
        }
        if (skipped || Files.isDirectory(file)) {
          continue;
        }
        Path target = clone.resolve(relative.toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }

  /** Runs a README {@code mvn} command line in {@code directory} against the private repository. */
  private String mvn(Path directory, String commandLine, Path repository) throws Exception {
    List<String> command = new ArrayList<>(Arrays.asList(commandLine.split("\\s+")));
    command.set(0, mavenExecutable());
    command.add("-Dmaven.repo.local=" + repository);
    Path log = temp.resolve("mvn-" + System.nanoTime() + ".log");
    Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("timed out: " + command);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), "README command failed: " + command + "\n" + output);
    return output;
  }

  private static String mavenExecutable() {
    String home = System.getProperty("maven.home");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path mvn = Path.of(dir, "mvn");
      if (Files.isExecutable(mvn)) {
        return mvn.toString();
      }
    }
    fail("this test runs the README's Maven commands and needs mvn on the PATH");
    return null;
  }
}
