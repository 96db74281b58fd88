package dev.dither.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One local Spark for every test class of the module (a context takes seconds to start): two
 * worker threads, and up to three attempts per task so that retries can be tested
 * ({@code local[2]} alone never retries).
 */
final class LocalSpark {
  private static JavaSparkContext context;

  private LocalSpark() {}

  static synchronized JavaSparkContext context() {
    if (context == null) {
      context = new JavaSparkContext(new SparkConf()
          .setMaster("local[2,3]")
          .setAppName("dither-spark-tests")
          .set("spark.ui.enabled", "false")
          .set("spark.driver.host", "127.0.0.1")
          .set("spark.sql.shuffle.partitions", "2"));
      Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
    }
    return context;
  }
}
