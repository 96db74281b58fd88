package dev.dither.samples.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The runner's command line: what it accepts, what it refuses and what it says. */
class DitherExperimentsTest {
  record Outcome(int code, String out, String err) {}

  static Outcome execute(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new DitherExperiments());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Outcome(code, out.toString(), err.toString());
  }

  static DitherExperiments parse(String... args) {
    DitherExperiments command = new DitherExperiments();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void helpListsEveryOptionAndExperiment() {
    Outcome o = execute("--help");
    assertEquals(0, o.code());
    for (String option : List.of("--experiment", "--seeds", "--steps", "--epochs", "--threads", "--out", "--data")) {
      assertTrue(o.out().contains(option), option + " in\n" + o.out());
    }
    for (Experiment e : DitherExperiments.registry()) {
      assertTrue(o.out().contains(e.name()), e.name() + " in\n" + o.out());
    }
  }

  @Test
  void seedsAreACountOrAList() {
    Experiment e = DitherExperiments.registry().get(1);
    assertEquals(List.of(1L, 2L, 3L), parse("--experiment", "exploratory", "--seeds", "3").seedList(e));
    assertEquals(List.of(4L, 7L, 42L), parse("--experiment", "exploratory", "--seeds", "4,7,42").seedList(e));
    List<Long> defaults = parse("--experiment", "exploratory").seedList(e);
    assertEquals(e.defaultSeeds(), defaults.size());
  }

  @Test
  void theBudgetDefaultsToTheProtocolAndFollowsTheOption() {
    DitherExperiments defaults = parse("--experiment", "exploratory");
    Experiment e = defaults.chosen().get(0);
    assertEquals(e.defaultBudget(), defaults.settings(e).budget());
    DitherExperiments given = parse("--experiment", "exploratory", "--epochs", "7", "--threads", "3", "--out", "x");
    Settings s = given.settings(given.chosen().get(0));
    assertEquals(7, s.budget());
    assertEquals(3, s.threads());
    assertEquals(Path.of("x"), s.out());
  }

  @Test
  void badOptionsAreUsageErrorsThatSayWhatIsWrong() {
    assertUsageError("unknown experiment 'nope'", "--experiment", "nope");
    assertUsageError("counted in --epochs, not in --steps", "--experiment", "exploratory", "--steps", "10");
    assertUsageError("counted in --steps, not in --epochs", "--experiment", "saturated-start", "--epochs", "10");
    assertUsageError("--seeds must be at least 1", "--experiment", "exploratory", "--seeds", "0");
    assertUsageError("--seeds takes a count", "--experiment", "exploratory", "--seeds", "three");
    assertUsageError("lists a seed twice", "--experiment", "exploratory", "--seeds", "1,1");
    assertUsageError("--threads must be at least 1", "--experiment", "exploratory", "--threads", "0");
    assertUsageError("the budget must be at least 1", "--experiment", "exploratory", "--epochs", "0");
    assertUsageError("Missing required option: '--experiment=NAME'");
    assertUsageError("--merge-from needs --rebuild-results and one --experiment", "--rebuild-results",
        "--merge-from", "x");
    assertUsageError("--merge-from needs --rebuild-results and one --experiment", "--experiment", "exploratory",
        "--merge-from", "x");
  }

  private static void assertUsageError(String message, String... args) {
    Outcome o = execute(args);
    assertEquals(2, o.code(), String.join(" ", args) + ": " + o.err());
    assertTrue(o.err().contains(message), "'" + message + "' in: " + o.err());
  }
}
