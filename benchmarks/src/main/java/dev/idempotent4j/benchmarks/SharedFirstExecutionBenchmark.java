package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import dev.idempotent4j.benchmarks.flows.RedissonFlow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Case 2, shared tier, first execution: every call brings an order id that no JVM has seen, so each
 * one claims the key in Redis, runs the body and stores the result. One thread, latency per call,
 * all three on the same {@code redis-server}:
 *
 * <ul>
 *   <li>{@link #woven}: {@link Orders#confirm} woven, engine configured with {@code redis};
 *   <li>{@link #handWrittenLettuce}: {@link HandWrittenRedisFlow} (GET, SET NX PX, GET, SET EX,
 *       compare-and-delete EVALSHA: five round trips);
 *   <li>{@link #redisson}: {@link RedissonFlow} (RBucket.get, RLock.lock, get, set, unlock).
 * </ul>
 *
 * <p>Targets (issue 12): at most two round trips (counted by {@code RoundTrips}, see
 * docs/PERFORMANCE.md) and at most 0.50x the time of the hand-written flow (its floor is 2/5).
 *
 * <pre>
 * benchmarks/run.sh --cases first
 * # or against a redis-server you started on 127.0.0.1:6390 for it:
 * java -jar benchmarks/target/benchmarks.jar SharedFirstExecutionBenchmark -jvmArgsAppend \
 *   "-javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar
 *   -Dbench.redis=redis://127.0.0.1:6390"
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class SharedFirstExecutionBenchmark {

  @Benchmark
  public String woven(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.orders.confirm(cursor.next(flows));
  }

  /**
   * One woven first execution and one of the hand-written flow, each with a fresh id, timed apart
   * ({@link PairedSides}): the report's first-execution ratio.
   */
  @Benchmark
  public String interleaved(SharedFlows flows, FirstExecutionCursor cursor, PairedSides sides) {
    String ours = cursor.next(flows);
    String theirs = cursor.next(flows);
    return sides.time(() -> flows.orders.confirm(ours), () -> flows.handWritten.confirm(theirs));
  }

  @Benchmark
  public String handWrittenLettuce(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.handWritten.confirm(cursor.next(flows));
  }

  @Benchmark
  public String redisson(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.redisson.confirm(cursor.next(flows));
  }
}
