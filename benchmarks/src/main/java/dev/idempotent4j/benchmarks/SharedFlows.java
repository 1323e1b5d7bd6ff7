package dev.idempotent4j.benchmarks;

import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import dev.idempotent4j.benchmarks.flows.RedissonFlow;
import dev.idempotent4j.runtime.Idempotency;
import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The shared-tier subjects of one JMH fork, all on the benchmark's own {@code redis-server} ({@link
 * BenchRedis}): the woven {@link Orders} with the engine's shared tier on, the hand-written Lettuce
 * flow and the Redisson flow. Each fork starts only the subject its benchmark measures (a method
 * named {@code woven*}, {@code handWritten*} or {@code redisson*}; {@code interleaved} runs woven
 * and hand-written side by side), so idle clients of the others take no CPU from it. A pool of
 * never-used order ids is renewed before each iteration, so every call in a first-execution
 * benchmark is a first execution.
 *
 * <pre>{@code
 * @Benchmark public String woven(SharedFlows flows, FirstExecutionCursor cursor) {
 *   return flows.orders.confirm(cursor.next(flows));
 * }
 * }</pre>
 */
@State(Scope.Benchmark)
public class SharedFlows {

  /** Enough ids for 262,144 first executions per iteration, split among the threads. */
  static final int IDS = 1 << 18;

  final KeyPool ids = new KeyPool(IDS);
  final Orders orders = new Orders();
  HandWrittenRedisFlow handWritten;
  RedissonFlow redisson;

  @Setup(Level.Trial)
  public void start(BenchmarkParams benchmark) {
    String uri = BenchRedis.uri();
    String method = benchmark.getBenchmark().substring(benchmark.getBenchmark().lastIndexOf('.'));
    handWritten = new HandWrittenRedisFlow(uri);
    if (method.startsWith(".woven") || method.startsWith(".interleaved")) {
      Idempotency.configure(Map.of("redis", uri));
      WeavingProbe.requireWoven();
      SharedTierProbe.requireShared(handWritten, orders);
    } else if (method.startsWith(".redisson")) {
      redisson = new RedissonFlow(uri);
    }
  }

  @Setup(Level.Iteration)
  public void freshIds() {
    ids.renew();
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (redisson != null) {
      redisson.close();
    }
    handWritten.close();
    Idempotency.shutdown();
  }
}
