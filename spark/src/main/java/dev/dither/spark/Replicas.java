package dev.dither.spark;

import dev.dither.runtime.GeneratedModel;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The model replicas of an executor JVM, pooled per trainer so that a step reuses the replica
 * (and its warmed-up buffers) of an earlier step. Generated models are not thread-safe, so a
 * task borrows a replica for its duration and concurrent tasks get different ones.
 */
final class Replicas {
  private static final Map<String, Queue<GeneratedModel>> POOLS = new ConcurrentHashMap<>();

  private Replicas() {}

  static <M extends GeneratedModel> M borrow(String trainer, ModelFactory<M> factory) {
    @SuppressWarnings("unchecked")
    M replica = (M) pool(trainer).poll();
    return replica != null ? replica : factory.create();
  }

  static void giveBack(String trainer, GeneratedModel replica) {
    pool(trainer).add(replica);
  }

  /** Drops this JVM's replicas of {@code trainer}. */
  static void release(String trainer) {
    POOLS.remove(trainer);
  }

  private static Queue<GeneratedModel> pool(String trainer) {
    return POOLS.computeIfAbsent(trainer, t -> new ConcurrentLinkedQueue<>());
  }
}
