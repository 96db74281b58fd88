package dev.dither.spark;

import dev.dither.runtime.Optimizers;
import dev.dither.samples.parity.NoisyParityModel;
import dev.dither.spark.samples.ParitySweep;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Java snippets of the README's "On Spark" section, verbatim, so that the build compiles
 * them. Not a test: nothing here runs.
 */
final class ReadmeSnippets {
  private ReadmeSnippets() {}

  static void sweep(String[] args) {
    try (JavaSparkContext spark = new JavaSparkContext(new SparkConf().setAppName("my sweep"))) {
      List<Configuration> grid = new HyperParameters()
          .values("noise", "none", "NAH")
          .values("learningRate", 1e-3, 3e-3)
          .values("seed", 1, 2, 3)
          .grid();                                                   // 12 configurations
      SweepResult result = new Sweep<>(spark, new ParitySweep.Parity(3000), new ProjectCheckpoint(), args[0])
          .checkpointEvery(500)
          .run(grid, "test accuracy", SweepResult.Goal.MAXIMIZE);
      System.out.print(result.markdown());                          // also in <directory>/results.md and .csv
      System.out.println(result.bestCheckpoint());
    }
  }

  static void dataParallel(JavaSparkContext spark, JavaRDD<Example<float[], int[]>> examples) {
    try (DataParallelTrainer<NoisyParityModel, float[], int[]> trainer = DataParallelTrainer.of(
        spark, examples, 256,                                        // global batch over all partitions
        () -> new NoisyParityModel(42).optimizer(Optimizers.adam(1e-3)))) {
      for (int step = 0; step < 1000; step++) {
        trainer.step();
      }
      NoisyParityModel trained = trainer.model();                     // the driver's copy
      System.out.println(trained.steps());
    }
  }
}
