package dev.dither.samples.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny run of every experiment through the command line, and what it leaves in --out. */
class ExperimentsEndToEndTest {
  @TempDir Path temp;

  private Path run(String experiment, String... budget) {
    Path out = temp.resolve("out");
    List<String> args = new java.util.ArrayList<>(List.of("--experiment", experiment, "--no-progress", "--out",
        out.toString()));
    args.addAll(List.of(budget));
    DitherExperimentsTest.Outcome o = DitherExperimentsTest.execute(args.toArray(new String[0]));
    assertEquals(0, o.code(), o.err());
    return out;
  }

  private static void assertWritten(Path out, String experiment, String... plots) throws IOException {
    Path dir = out.resolve(experiment);
    Properties config = new Properties();
    try (var in = Files.newBufferedReader(dir.resolve("config.properties"))) {
      config.load(in);
    }
    assertEquals(experiment, config.getProperty("experiment"));
    assertEquals(RunInfo.ditherVersion(), config.getProperty("dither.version"));
    assertTrue(config.getProperty("dither.version").matches("\\d+\\.\\d+\\.\\d+.*"), config.toString());
    assertTrue(config.getProperty("git.commit").matches("[0-9a-f]{40}(\\+dirty)?|unknown"), config.toString());
    assertTrue(config.getProperty("command").contains("--experiment " + experiment), config.toString());
    assertTrue(config.containsKey("seeds"), config.toString());
    assertTrue(Files.readAllLines(dir.resolve("runs.csv")).size() > 1);
    for (String plot : plots) {
      Path png = dir.resolve(plot);
      assertTrue(Files.size(png) > 1000, plot);
      byte[] head = Files.readAllBytes(png);
      assertEquals((byte) 0x89, head[0], "PNG signature of " + plot);
      assertEquals('P', head[1]);
    }
    String results = Files.readString(out.resolve("results.md"), StandardCharsets.UTF_8);
    assertTrue(results.contains("--experiment " + experiment), results);
    for (String plot : plots) {
      assertTrue(results.contains(experiment + "/" + plot), plot + " linked from results.md");
    }
    assertTrue(results.contains("**Against the"), "a comparison paragraph");
  }

  @Test
  void fashionMnistOnTheFixture() throws Exception {
    Path out = run("fashion-mnist", "--data", fixture().toString(), "--epochs", "1", "--seeds", "1");
    assertWritten(out, "fashion-mnist", "accuracy.png", "loss.png");
    String section = Files.readString(out.resolve("fashion-mnist/section.md"));
    assertTrue(section.contains("This run used 1 epochs instead of the protocol's 20"), section);
  }

  @Test
  void exploratoryWithFigures5And6() throws Exception {
    Path out = run("exploratory", "--epochs", "1", "--seeds", "2");
    assertWritten(out, "exploratory", "accuracy.png", "loss.png", "figure5-derivatives-nan.png",
        "figure6-activations-nah.png");
  }

  @Test
  void saturatedStart() throws Exception {
    Path out = run("saturated-start", "--steps", "8", "--seeds", "1");
    assertWritten(out, "saturated-start", "train-accuracy.png", "loss.png");
    Path section = out.resolve("saturated-start/section.md");
    String before = withoutWallTime(Files.readString(section));
    Files.delete(section);
    DitherExperimentsTest.Outcome o = DitherExperimentsTest.execute("--rebuild-results", "--experiment",
        "saturated-start", "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(before, withoutWallTime(Files.readString(section)), "rebuilt from runs.csv and curves.csv");
  }

  @Test
  void uniqueCount() throws Exception {
    Path out = run("unique-count", "--steps", "1", "--seeds", "1");
    assertWritten(out, "unique-count", "test-accuracy.png");
  }

  @Test
  void associativeRecall() throws Exception {
    Path out = run("associative-recall", "--steps", "1", "--seeds", "1");
    assertWritten(out, "associative-recall", "test-accuracy.png", "test-loss.png");
  }

  @Test
  void theSameSeedGivesTheSameNumbersWhateverTheThreads() throws Exception {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");
    DitherExperimentsTest.Outcome a = DitherExperimentsTest.execute("--experiment", "saturated-start", "--steps", "8",
        "--seeds", "5", "--threads", "1", "--no-progress", "--out", first.toString());
    DitherExperimentsTest.Outcome b = DitherExperimentsTest.execute("--experiment", "saturated-start", "--steps", "8",
        "--seeds", "5", "--threads", "3", "--no-progress", "--out", second.toString());
    assertEquals(0, a.code() + b.code(), a.err() + b.err());
    assertEquals(numbers(first.resolve("saturated-start/runs.csv")), numbers(second.resolve("saturated-start/runs.csv")));
    assertEquals(Files.readString(first.resolve("saturated-start/curves.csv")),
        Files.readString(second.resolve("saturated-start/curves.csv")));
  }

  @Test
  void seedsRunSeparatelyJoinIntoWhatOneInvocationGives() throws Exception {
    Path part = saturatedStart("part", "8", "1");
    Path rest = saturatedStart("rest", "8", "2,3");
    Path whole = saturatedStart("whole", "8", "1,2,3");
    DitherExperimentsTest.Outcome o = DitherExperimentsTest.execute("--rebuild-results", "--experiment",
        "saturated-start", "--out", part.toString(), "--merge-from", rest.toString());
    assertEquals(0, o.code(), o.err());
    assertEquals(numbers(whole.resolve("saturated-start/runs.csv")),
        numbers(part.resolve("saturated-start/runs.csv")));
    assertEquals(Files.readString(whole.resolve("saturated-start/curves.csv")),
        Files.readString(part.resolve("saturated-start/curves.csv")));
    String section = Files.readString(part.resolve("saturated-start/section.md"));
    assertTrue(section.contains("Seeds [1, 2, 3], steps 8"), section);
    assertTrue(section.contains("--seeds 1 ") && section.contains("--seeds 2,3 "), "both commands in\n" + section);
    assertTrue(Files.readString(part.resolve("results.md")).contains("Seeds [1, 2, 3]"));

    String joined = Files.readString(part.resolve("saturated-start/runs.csv"));
    assertRefused("seed 2 is in", part, rest);
    assertRefused("only runs of the same budget", part, saturatedStart("longer", "9", "4"));
    assertRefused("holds runs of 'unique-count'", part, temp.resolve("other"), "--experiment", "unique-count",
        "--steps", "1", "--seeds", "4");
    assertEquals(joined, Files.readString(part.resolve("saturated-start/runs.csv")), "a refused join changes nothing");
  }

  private Path saturatedStart(String name, String steps, String seeds) {
    Path out = temp.resolve(name);
    DitherExperimentsTest.Outcome o = DitherExperimentsTest.execute("--experiment", "saturated-start", "--steps", steps,
        "--seeds", seeds, "--no-progress", "--out", out.toString());
    assertEquals(0, o.code(), o.err());
    return out;
  }

  /** Joining {@code other} into {@code out} is a usage error naming the problem; {@code run} first fills other. */
  private static void assertRefused(String message, Path out, Path other, String... run) throws IOException {
    if (run.length > 0) {
      List<String> args = new java.util.ArrayList<>(List.of(run));
      args.addAll(List.of("--no-progress", "--out", other.toString()));
      assertEquals(0, DitherExperimentsTest.execute(args.toArray(new String[0])).code());
      Files.move(other.resolve("unique-count"), other.resolve("saturated-start"));
    }
    DitherExperimentsTest.Outcome o = DitherExperimentsTest.execute("--rebuild-results", "--experiment",
        "saturated-start", "--out", out.toString(), "--merge-from", other.toString());
    assertEquals(2, o.code(), o.err());
    assertTrue(o.err().contains(message), "'" + message + "' in: " + o.err());
  }

  private static String withoutWallTime(String section) {
    return section.replaceAll("wall time [0-9.]+ min", "wall time");
  }

  /** Every line of runs.csv but the wall times. */
  private static String numbers(Path runs) throws IOException {
    return Files.readAllLines(runs).stream().filter(l -> !l.contains(",seconds,")).collect(Collectors.joining("\n"));
  }

  private static Path fixture() throws URISyntaxException {
    return Path.of(ExperimentsEndToEndTest.class.getResource("/fashion-mnist-fixture").toURI());
  }
}
