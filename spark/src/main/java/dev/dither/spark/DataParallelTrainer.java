package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import dev.dither.runtime.NonFiniteLossException;
import dev.dither.runtime.Trainable;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Synchronous data-parallel training of a generated model on Spark, for data that does not fit
 * one JVM: the examples stay in their partitions, every step each partition computes the
 * gradients of its share of one global batch with the generated code, the driver sums them,
 * applies the optimizer to its own copy of the model and broadcasts the new parameters.
 *
 * <p><b>Same result as one process.</b> Step {@code t} trains on the {@code batch} examples that
 * follow the last one used, cycling through the data in RDD order: global example {@code g}
 * (counted by {@link GeneratedModel#examplesSeen()}) is element {@code g mod count} of the data.
 * A replica computing a run of consecutive examples is {@link GeneratedModel#position positioned}
 * at the running index of its first one, so every example sees the noise it would see in a single
 * process ({@code CounterNoise} is a pure function of seed, layer, running example index and unit).
 * Each run's mean gradient is weighted by its share of the batch, and the partitions' sums are
 * added on the driver in partition order: Spark's {@code reduce}, {@code fold} and
 * {@code treeAggregate} merge partial results as tasks finish, and floating-point addition is not
 * associative, so they would make the result depend on timing. The difference from single-process
 * training is rounding only (about 1e-15 relative per step in DOUBLE precision).
 *
 * <p>The data RDD must be deterministic (recomputing a partition gives the same examples in the
 * same order); its partitions are cached. Variable-length and carried-state networks are not
 * supported. One trainer drives one model; it is not thread-safe.
 */
public final class DataParallelTrainer<M extends GeneratedModel, X, Y> implements AutoCloseable {
  private final JavaSparkContext spark;
  private final ModelFactory<M> factory;
  private final GradientFunction<M, X, Y> gradients;
  private final int batch;
  private final M model;
  private final String id = UUID.randomUUID().toString();
  private final JavaRDD<Shard<X, Y>> shards;
  private final long[] starts;
  private final long count;

  /**
   * @param data the examples, in the order training visits them
   * @param batch the global batch size: examples per step over all partitions
   * @param factory builds the driver's model and every replica (same seed, optimizer, schedules)
   * @param gradients the generated class's {@code gradients} entry point, e.g. {@code FooModel::gradients}
   *     (a {@code lambda} for a variable-length network that takes lengths too)
   */
  public DataParallelTrainer(JavaSparkContext spark, JavaRDD<Example<X, Y>> data, int batch,
      ModelFactory<M> factory, GradientFunction<M, X, Y> gradients) {
    if (batch < 1) {
      throw new IllegalArgumentException("the global batch needs at least one example, got " + batch);
    }
    this.spark = Objects.requireNonNull(spark, "spark");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.gradients = Objects.requireNonNull(gradients, "gradients");
    this.batch = batch;
    this.model = factory.create();
    this.shards = data.mapPartitionsWithIndex(DataParallelTrainer::shard, true).persist(StorageLevel.MEMORY_ONLY());
    List<Integer> sizes = shards.map(Shard::size).collect();
    this.starts = new long[sizes.size()];
    long at = 0;
    for (int i = 0; i < sizes.size(); i++) {
      starts[i] = at;
      at += sizes.get(i);
    }
    if (at == 0) {
      shards.unpersist(false);
      throw new IllegalArgumentException("the data set is empty");
    }
    this.count = at;
  }

  /**
   * A trainer for any fixed-length generated class: its {@code Trainable.gradients} computes each
   * slice. (Token and variable-length networks use the constructor with their own entry point.)
   *
   * @param data the examples, in the order training visits them
   * @param batch the global batch size: examples per step over all partitions
   * @param factory builds the driver's model and every replica (same seed, optimizer, schedules)
   */
  public static <M extends Trainable<X, Y>, X, Y> DataParallelTrainer<M, X, Y> of(JavaSparkContext spark,
      JavaRDD<Example<X, Y>> data, int batch, ModelFactory<M> factory) {
    return new DataParallelTrainer<>(spark, data, batch, factory, Trainable::gradients);
  }

  /** The driver's model: it holds the optimizer's state and the parameters after each step. */
  public M model() {
    return model;
  }

  /**
   * One synchronous training step on the next global batch, with the noise and annealing step a
   * single process would use. Returns the mean loss before the update.
   *
   * @throws NonFiniteLossException if the loss is not finite (parameters are then unchanged)
   */
  public double step() {
    final long step = model.steps();
    final long first = model.examplesSeen();
    Broadcast<double[]> values = spark.broadcast(ParameterVector.values(model.parameters()));
    try {
      final long[] starts = this.starts;
      final long count = this.count;
      final int batch = this.batch;
      final String id = this.id;
      final ModelFactory<M> factory = this.factory;
      final GradientFunction<M, X, Y> gradients = this.gradients;
      List<Contribution> parts = shards.map(shard -> shard.contribute(
          new Window(step, first, batch, count, starts[shard.index()]), values.value(), id, factory, gradients)).collect();
      double[] sum = new double[ParameterVector.length(model.parameters())];
      double loss = 0;
      for (Contribution part : parts) {   // partition order, whatever order the tasks finished in
        if (part.gradients() != null) {
          for (int i = 0; i < sum.length; i++) {
            sum[i] += part.gradients()[i];
          }
          loss += part.loss();
        }
      }
      if (!Double.isFinite(loss)) {
        throw new NonFiniteLossException(model.networkName(), step, loss);
      }
      ParameterVector.setGradients(model.parameters(), sum);
      model.applyGradients(batch);
      return loss;
    } finally {
      values.destroy();
    }
  }

  /** Uncaches the data and drops this JVM's replicas (executors drop theirs when the application ends). */
  @Override
  public void close() {
    shards.unpersist(false);
    Replicas.release(id);
  }

  private static <X, Y> Iterator<Shard<X, Y>> shard(int index, Iterator<Example<X, Y>> examples) {
    List<Example<X, Y>> list = new ArrayList<>();
    examples.forEachRemaining(list::add);
    return Collections.singletonList(new Shard<>(index, list)).iterator();
  }

  /**
   * The global batch of one step seen from a partition holding data elements
   * {@code [start, start + size)}: global examples {@code [first, first + batch)}, example
   * {@code g} being element {@code g mod count}.
   */
  record Window(long step, long first, int batch, long count, long start) implements Serializable {}

  /** One partition's weighted gradient sum and loss share; {@code gradients} is null if it had no example of the batch. */
  record Contribution(double[] gradients, double loss) implements Serializable {}

  /** The examples of one partition, in data order. */
  record Shard<X, Y>(int index, List<Example<X, Y>> examples) implements Serializable {
    int size() {
      return examples.size();
    }

    <M extends GeneratedModel> Contribution contribute(Window w, double[] values, String trainer,
        ModelFactory<M> factory, GradientFunction<M, X, Y> gradients) {
      M replica = null;
      double[] sum = null;
      double loss = 0;
      long end = w.first() + w.batch();
      // The batch may wrap around the data (several epochs in one batch if it is larger than the data).
      for (long epoch = w.first() / w.count(); epoch * w.count() < end; epoch++) {
        long from = Math.max(w.first(), epoch * w.count() + w.start());
        long to = Math.min(end, epoch * w.count() + w.start() + size());
        if (from >= to) {
          continue;
        }
        if (replica == null) {
          replica = Replicas.borrow(trainer, factory);
          ParameterVector.setValues(replica.parameters(), values);
          sum = new double[values.length];
        }
        int lo = (int) (from - epoch * w.count() - w.start());
        int hi = (int) (to - epoch * w.count() - w.start());
        replica.position(w.step(), from);
        double share = (double) (hi - lo) / w.batch();
        loss += share * gradients.gradients(replica, Batches.inputs(examples, lo, hi), Batches.targets(examples, lo, hi));
        ParameterVector.addGradients(replica.parameters(), share, sum);
      }
      if (replica != null) {
        Replicas.giveBack(trainer, replica);
      }
      return new Contribution(sum, loss);
    }
  }
}
