package dev.dither.processor.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.Noise;
import org.junit.jupiter.api.Test;

/** The validator's copy of the {@code @Noise} defaults must agree with the annotation. */
class NoiseValuesTest {

  @Test
  void defaultsAreThoseDeclaredByTheAnnotation() throws ReflectiveOperationException {
    assertEquals(Noise.class.getMethod("variant").getDefaultValue(), NoiseValues.DEFAULT.variant());
    assertEquals(Noise.class.getMethod("alpha").getDefaultValue(), NoiseValues.DEFAULT.alpha());
    assertEquals(Noise.class.getMethod("c").getDefaultValue(), NoiseValues.DEFAULT.c());
    assertEquals(Noise.class.getMethod("learnP").getDefaultValue(), NoiseValues.DEFAULT.learnP());
    assertEquals(4, Noise.class.getDeclaredMethods().length, "a new @Noise attribute needs a default in NoiseValues");
  }
}
