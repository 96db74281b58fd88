package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepResultTest {
  private static Outcome row(String config, double loss, double accuracy) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("loss", loss);
    metrics.put("accuracy, test", accuracy);
    Configuration c = Configuration.parse(config);
    return new Outcome(c, metrics, c.id() + "/checkpoint-10", true);
  }

  private static final List<Outcome> ROWS = List.of(row("lr=0.1,seed=1", 0.5, 0.75), row("lr=0.2,seed=1", Double.NaN, 0.9),
      row("lr=0.3,seed=1", 0.25, 0.9), row("lr=0.4,seed=1", 0.25, 0.5));

  @Test
  void bestIgnoresNonFiniteValuesAndTakesTheFirstOnATie() {
    assertEquals("lr=0.3,seed=1", new SweepResult(ROWS, "loss", SweepResult.Goal.MINIMIZE, "d").best().configuration().toString());
    assertEquals("lr=0.2,seed=1",
        new SweepResult(ROWS, "accuracy, test", SweepResult.Goal.MAXIMIZE, "d").best().configuration().toString());
    assertEquals("d/" + ROWS.get(2).checkpoint(), new SweepResult(ROWS, "loss", SweepResult.Goal.MINIMIZE, "d").bestCheckpoint());
  }

  @Test
  void csvQuotesFieldsAndWritesExactNumbers() {
    String csv = new SweepResult(ROWS.subList(0, 2), "loss", SweepResult.Goal.MINIMIZE, "d").csv();
    String id = ROWS.get(0).configuration().id();
    assertEquals("id,lr,seed,loss,\"accuracy, test\",checkpoint\r\n"
        + id + ",0.1,1,0.5,0.75," + id + "/checkpoint-10\r\n"
        + ROWS.get(1).configuration().id() + ",0.2,1,NaN,0.9," + ROWS.get(1).checkpoint() + "\r\n", csv);
  }

  @Test
  void markdownNamesTheBest() {
    String md = new SweepResult(ROWS.subList(0, 1), "loss", SweepResult.Goal.MINIMIZE, "d").markdown();
    String id = ROWS.get(0).configuration().id();
    assertEquals("| id | lr | seed | loss | accuracy, test | checkpoint |\n| --- | --- | --- | --- | --- | --- |\n"
        + "| " + id + " | 0.1 | 1 | 0.5 | 0.75 | " + id + "/checkpoint-10 |\n"
        + "\nBest by loss (lowest): " + id + " (lr=0.1,seed=1), checkpoint `" + id + "/checkpoint-10`\n", md);
  }

  @Test
  void unknownMetricOrNoFiniteValueIsExplained() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new SweepResult(ROWS, "acc", SweepResult.Goal.MAXIMIZE, "d"));
    assertEquals("no configuration reported the metric 'acc'; metrics: [loss, accuracy, test]", e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> new SweepResult(ROWS.subList(1, 2), "loss", SweepResult.Goal.MINIMIZE, "d").best());
  }
}
