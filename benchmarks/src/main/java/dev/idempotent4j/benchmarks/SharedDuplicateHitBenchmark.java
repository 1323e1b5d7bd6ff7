package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import dev.idempotent4j.runtime.Idempotency;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Case 3, shared duplicate hit with a cold local tier: the order was completed by another JVM, so
 * this one finds the outcome in Redis, not in memory. Against the floor of any shared check: one
 * Lettuce {@code GET} of a value of the same size.
 *
 * <p>How the local tier is kept cold: setup completes 4,096 orders through one engine (as another
 * JVM), then {@code Idempotency.configure} starts a new engine (an empty local tier, as a JVM that
 * never saw them) with {@code local.max-size=1}, and the calls cycle through all 4,096 ids, so at
 * most one in 4,096 can be served from memory. (A key space larger than the default {@code
 * local.max-size} of 10,000 gives the same picture.)
 *
 * <p>This is the workload where duplicates dominate: every call is one. {@code -p
 * readBeforeClaim=auto|always|never} sets the engine's {@code redis.read-before-claim} ({@link
 * ReadBeforeClaim}). {@link SharedMixedBenchmark} is the other workload.
 *
 * <p>Target (issue 12): the woven duplicate hit at most 1.10x one {@code GET}. {@link #interleaved}
 * measures the two call by call in one fork (order alternating), which removes the fork-to-fork
 * spread that separate forks of ~100 µs network calls on one CPU show (±20 % between forks of the
 * same code): the report takes its ratio ({@link PairedSides}) as the target's.
 *
 * <pre>
 * benchmarks/run.sh --cases dup
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class SharedDuplicateHitBenchmark {

  static final int IDS = 4096;

  /** Orders completed by "another JVM", and plain keys for the GET baseline. */
  @State(Scope.Benchmark)
  public static class Completed {
    final KeyPool ids = new KeyPool(IDS);
    final String[] getKeys = new String[IDS];
    final Orders orders = new Orders();
    HandWrittenRedisFlow lettuce;

    /** {@code redis.read-before-claim} of the engine that answers the duplicates. */
    @Param({"auto"})
    public String readBeforeClaim;

    @Setup(Level.Trial)
    public void start() {
      String uri = BenchRedis.uri();
      Idempotency.configure(Map.of("redis", uri));
      WeavingProbe.requireWoven();
      lettuce = new HandWrittenRedisFlow(uri);
      SharedTierProbe.requireShared(lettuce, orders);
      for (int i = 0; i < IDS; i++) {
        String id = ids.id(i);
        orders.confirm(id);
        getKeys[i] = "get:Orders.confirm:order:" + id;
        lettuce.set(getKeys[i], "\"" + Receipts.confirm(id) + "\"");
      }
      // A new engine: its local tier never saw these orders, and holds at most one.
      ReadBeforeClaim.configure(uri, readBeforeClaim, Map.of("local.max-size", "1"));
    }

    @TearDown(Level.Trial)
    public void stop() {
      lettuce.close();
      Idempotency.shutdown();
    }
  }

  @Benchmark
  public String woven(Completed completed, RepeatCursor cursor) {
    return completed.orders.confirm(completed.ids.id(cursor.next(IDS)));
  }

  /** One woven duplicate and one GET of another id, timed apart ({@link PairedSides}). */
  @Benchmark
  public String interleaved(Completed completed, RepeatCursor cursor, PairedSides sides) {
    String ours = completed.ids.id(cursor.next(IDS));
    String get = completed.getKeys[cursor.next(IDS)];
    return sides.time(() -> completed.orders.confirm(ours), () -> completed.lettuce.get(get));
  }

  @Benchmark
  public String lettuceGet(Completed completed, RepeatCursor cursor) {
    return completed.lettuce.get(completed.getKeys[cursor.next(IDS)]);
  }
}
