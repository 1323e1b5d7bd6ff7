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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The mixed workload of the shared tier: every other call is a first execution (an id no JVM has
 * seen), the others duplicates completed by another JVM with the local tier cold (as in {@link
 * SharedDuplicateHitBenchmark}). Where duplicates dominate, a plain {@code GET} before the claim
 * pays; here half of those reads find nothing and cost a round trip, which is what {@code
 * redis.read-before-claim=auto} has to notice. One thread, latency per call:
 *
 * <ul>
 *   <li>{@link #woven}: {@link Orders#confirm}, {@code -p readBeforeClaim=auto|always|never};
 *   <li>{@link #handWritten}: {@link HandWrittenRedisFlow#confirm} on the same pattern (a duplicate
 *       is its first {@code GET}, a first execution its five commands);
 *   <li>{@link #interleaved}: one call of each, timed apart ({@link PairedSides}), both with the
 *       same kind of call: the report's ratio. Separate forks of the two spread too much from fork
 *       to fork to compare (docs/PERFORMANCE.md).
 * </ul>
 *
 * <pre>
 * benchmarks/run.sh --cases mixed
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class SharedMixedBenchmark {

  static final int COMPLETED = 4096;

  /** Fresh ids for the first executions of one iteration. */
  static final int FRESH = 1 << 17;

  /** {@code redis.read-before-claim} of the woven engine. */
  @Param({"auto"})
  public String readBeforeClaim;

  private final KeyPool completed = new KeyPool(COMPLETED);
  private final KeyPool fresh = new KeyPool(FRESH);
  private final Orders orders = new Orders();
  private HandWrittenRedisFlow handWritten;
  private int call;
  private int nextCompleted;
  private int nextFresh;

  @Setup(Level.Trial)
  public void start(BenchmarkParams benchmark) {
    String uri = BenchRedis.uri();
    String name = benchmark.getBenchmark();
    handWritten = new HandWrittenRedisFlow(uri);
    if (!name.endsWith(".handWritten")) {
      Idempotency.configure(Map.of("redis", uri));
      WeavingProbe.requireWoven();
      SharedTierProbe.requireShared(handWritten, orders);
      for (int i = 0; i < COMPLETED; i++) {
        orders.confirm(completed.id(i));
      }
      // A new engine, as another JVM: its local tier never saw these orders and holds one.
      ReadBeforeClaim.configure(uri, readBeforeClaim, Map.of("local.max-size", "1"));
    }
    if (!name.endsWith(".woven")) {
      // The hand-written flow's keys have a prefix of their own: the same ids are fresh for it.
      for (int i = 0; i < COMPLETED; i++) {
        handWritten.confirm(completed.id(i));
      }
    }
  }

  @Setup(Level.Iteration)
  public void freshIds() {
    fresh.renew();
    nextFresh = 0;
  }

  @TearDown(Level.Trial)
  public void stop() {
    handWritten.close();
    Idempotency.shutdown();
  }

  @Benchmark
  public String woven() {
    return orders.confirm(next((call++ & 1) == 0));
  }

  @Benchmark
  public String handWritten() {
    return handWritten.confirm(next((call++ & 1) == 0));
  }

  /**
   * One call of each flow with the same id, a duplicate for both or fresh for both. Duplicates and
   * first executions alternate every two pairs, not every pair: {@link PairedSides} changes which
   * side goes first every pair, and each kind of call must go first on each side as often.
   */
  @Benchmark
  public String interleaved(PairedSides sides) {
    String id = next((call++ & 2) == 0);
    return sides.time(() -> orders.confirm(id), () -> handWritten.confirm(id));
  }

  private String next(boolean duplicate) {
    if (duplicate) {
      return completed.id(nextCompleted++ & (COMPLETED - 1));
    }
    if (nextFresh == FRESH) {
      throw new IllegalStateException(
          "Used all " + FRESH + " fresh ids in one iteration; shorten the iteration (-r).");
    }
    return fresh.id(nextFresh++);
  }
}
