package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;

/**
 * Proves that the engine really uses Redis before a shared-tier benchmark measures it: with the
 * shared tier off, the woven numbers would describe the local tier alone.
 *
 * <pre>{@code
 * SharedTierProbe.requireShared(flow, orders); // throws if a first execution wrote nothing
 * }</pre>
 */
final class SharedTierProbe {

  private SharedTierProbe() {}

  /**
   * Runs one first execution and checks that Redis gained a key.
   *
   * @throws IllegalStateException if it did not
   */
  static void requireShared(HandWrittenRedisFlow redis, Orders orders) {
    long before = redis.dbSize();
    orders.confirm("shared-probe-" + System.nanoTime());
    if (redis.dbSize() <= before) {
      throw new IllegalStateException(
          "The engine's shared tier is off: a first execution of Orders.confirm wrote nothing to "
              + BenchRedis.uri()
              + ", so the woven numbers would measure the local tier only: the 'redis' setting"
              + " given to Idempotency.configure did not take effect in this runtime.");
    }
  }
}
