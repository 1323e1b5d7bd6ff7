package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;

/**
 * Case 4, throughput of shared-tier first executions at 1, 16 and 64 threads: the woven {@link
 * Orders#confirm} against {@link HandWrittenRedisFlow}, each thread with its own fresh order ids
 * (no two calls share a key, so the numbers show the cost of the flow, not of waiting). Both use
 * one multiplexed Lettuce connection; more threads let Lettuce pipeline their commands.
 *
 * <p>Target (issue 12): at 16 threads, the woven method does at least 1.6x the calls per second of
 * the hand-written flow, after a warm-up of at least 6 x 2 s (the woven path is still ramping after
 * 3 x 1 s).
 *
 * <pre>
 * benchmarks/run.sh --cases throughput
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class ThroughputBenchmark {

  @Benchmark
  @Threads(1)
  public String woven1(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.orders.confirm(cursor.next(flows));
  }

  @Benchmark
  @Threads(1)
  public String handWritten1(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.handWritten.confirm(cursor.next(flows));
  }

  @Benchmark
  @Threads(16)
  public String woven16(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.orders.confirm(cursor.next(flows));
  }

  @Benchmark
  @Threads(16)
  public String handWritten16(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.handWritten.confirm(cursor.next(flows));
  }

  @Benchmark
  @Threads(64)
  public String woven64(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.orders.confirm(cursor.next(flows));
  }

  @Benchmark
  @Threads(64)
  public String handWritten64(SharedFlows flows, FirstExecutionCursor cursor) {
    return flows.handWritten.confirm(cursor.next(flows));
  }
}
