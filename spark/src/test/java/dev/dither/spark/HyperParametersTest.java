package dev.dither.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dither.runtime.DitherRandom;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HyperParametersTest {

  @Test
  void gridIsEveryCombinationFirstDeclaredSlowest() {
    List<Configuration> grid = new HyperParameters().values("a", "x", "y").values("b", 1, 2, 3).grid();
    assertEquals(List.of("a=x,b=1", "a=x,b=2", "a=x,b=3", "a=y,b=1", "a=y,b=2", "a=y,b=3"),
        grid.stream().map(Configuration::toString).toList());
    assertEquals(6, grid.stream().map(Configuration::id).distinct().count());
  }

  @Test
  void sampleIsRepeatableAndWithinTheDeclaredRanges() {
    HyperParameters space = new HyperParameters().values("variant", "NAN", "NAH")
        .uniform("c", 0.5, 2).logUniform("learningRate", 1e-4, 1e-2);
    List<Configuration> a = space.sample(200, 9);
    assertEquals(a, space.sample(200, 9));
    assertNotEquals(a, space.sample(200, 10));
    Set<String> variants = new HashSet<>();
    for (Configuration c : a) {
      variants.add(c.get("variant"));
      assertTrue(c.number("c") >= 0.5 && c.number("c") < 2, c.toString());
      assertTrue(c.number("learningRate") >= 1e-4 && c.number("learningRate") < 1e-2, c.toString());
    }
    assertEquals(Set.of("NAN", "NAH"), variants);
  }

  @Test
  void idDependsOnTheValuesOnlyAndSurvivesParsing() {
    DitherRandom random = new DitherRandom(4);
    for (int trial = 0; trial < 100; trial++) {
      Map<String, String> values = new LinkedHashMap<>();
      int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        values.put("p" + i, String.valueOf(random.nextDouble()));
      }
      Configuration c = new Configuration(values);
      Configuration parsed = Configuration.parse(c.toString());
      assertEquals(c, parsed);
      assertEquals(c.id(), parsed.id());
      assertTrue(c.id().matches("cfg-[0-9a-f]{16}"), c.id());
    }
  }

  @Test
  void misuseIsExplained() {
    IllegalStateException range = assertThrows(IllegalStateException.class,
        () -> new HyperParameters().uniform("lr", 0, 1).grid());
    assertTrue(range.getMessage().contains("'lr' is a range"), range.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new HyperParameters().values("a", 1).values("a", 2));
    assertThrows(IllegalArgumentException.class, () -> new HyperParameters().values("a"));
    assertThrows(IllegalArgumentException.class, () -> new HyperParameters().logUniform("a", 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new HyperParameters().uniform("a", 1, 1));
    assertThrows(IllegalStateException.class, () -> new HyperParameters().grid());
    IllegalArgumentException comma = assertThrows(IllegalArgumentException.class,
        () -> new HyperParameters().values("schedule", "paper(30,200,0.5)").grid());
    assertTrue(comma.getMessage().contains("paper(30,200,0.5)"), comma.getMessage());
    IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
        () -> Configuration.parse("variant=NAH").number("variant"));
    assertTrue(notNumber.getMessage().contains("'variant' is 'NAH', not a number"), notNumber.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Configuration.parse("a=1,a=2"));
  }
}
