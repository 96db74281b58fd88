package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.dither.runtime.InferenceModel;
import dev.dither.runtime.Trainable;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The view is a nested class of the model and its code names {@code java.lang} types: both must
 * survive names a user may choose (the model called {@code InferenceView}, a sibling class
 * called {@code Math}, {@code System} or {@code UnsupportedOperationException}).
 */
class InferenceViewNamesTest {

  @Test
  void viewsCompileAndServeWhateverTheNamesAround() throws Exception {
    String body = "@Network(name = \"InferenceView\", loss = Loss.MEAN_SQUARED_ERROR, precision = Precision.DOUBLE)\n"
        + "interface $NAME {\n"
        + "  @Input(3) void x();\n"
        + "  @Dense(4) @Activation(value = Fn.HARD_TANH, noise = @Noise(variant = NoiseVariant.NAH)) void h();\n"
        + "  @Dense(2) void y();\n"
        + "}\n";
    ClassLoader loader = NetworkCompiler.compile(Map.of(
        "test.Served", NetworkCompiler.source("Served", body),
        "test.Math", "package test; class Math {}",
        "test.System", "package test; class System {}",
        "test.UnsupportedOperationException", "package test; class UnsupportedOperationException {}"));
    @SuppressWarnings("unchecked")
    Trainable<double[], double[]> model = (Trainable<double[], double[]>)
        loader.loadClass("test.InferenceView").getConstructor(long.class).newInstance(1L);
    double[] x = new double[3 * 2000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) - 3;
    }
    double[] expected = new double[2 * 2000];
    model.infer(x, expected);
    InferenceModel<double[]> view = model.inferenceView();
    double[] actual = new double[expected.length];
    view.infer(x, actual);   // 2000 examples: two slices
    assertArrayEquals(expected, actual);
  }
}
