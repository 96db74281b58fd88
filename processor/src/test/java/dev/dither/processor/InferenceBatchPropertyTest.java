package dev.dither.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dither.processor.property.Properties;
import dev.dither.runtime.DitherRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code infer} gives each example the same bits alone as in a batch: one example takes the
 * dense layers' one-example product ({@code <layer>LinearOne}, four weight rows per kernel call),
 * a batch the loop over its rows, and both must sum in the same order. Random descriptions with
 * real-valued, fixed-length inputs (what {@link GeneratedNet#infer} takes).
 */
class InferenceBatchPropertyTest {
  private static final int TRIES = 8;
  private static final int BATCH = 5;

  @Test
  void anExampleInfersTheSameBitsAloneAsInABatch() {
    Properties.check("infer gives an example the same bits alone as in a batch", TRIES,
        c -> c.list(1, 3, DescriptionPropertiesTest::validDescription), all -> {
          List<Description> descriptions = all.stream().filter(d -> d.vocabulary() == 0 && !d.variableLength()).toList();
          if (descriptions.isEmpty()) {
            return;
          }
          Map<String, Description> byInterface = DescriptionPropertiesTest.named(descriptions);
          ClassLoader loader = NetworkCompiler.compile(DescriptionPropertiesTest.sources(byInterface));
          byInterface.forEach((interfaceName, d) -> {
            GeneratedNet net = GeneratedNet.create(loader, d.generatedClass(DescriptionPropertiesTest.PACKAGE, interfaceName), 9);
            int in = net.model.inputSize();
            int out = net.model.outputSize();
            DitherRandom random = new DitherRandom(interfaceName.hashCode());
            double[] x = new double[BATCH * in];
            for (int i = 0; i < x.length; i++) {
              // Some zeros, which both paths skip.
              x[i] = random.nextUniform(0, 1) < 0.3 ? 0 : random.nextUniform(-2, 2);
            }
            double[] batch = net.infer(x);
            int perExample = batch.length / BATCH;
            for (int n = 0; n < BATCH; n++) {
              double[] alone = net.infer(Arrays.copyOfRange(x, n * in, (n + 1) * in));
              for (int k = 0; k < perExample; k++) {
                assertEquals(Double.doubleToRawLongBits(batch[n * perExample + k]), Double.doubleToRawLongBits(alone[k]),
                    "output " + k + " of example " + n + " (" + out + " outputs): alone " + alone[k] + ", in the batch "
                        + batch[n * perExample + k] + "\n" + d);
              }
            }
          });
        });
  }
}
