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

/**
 * The shared-tier subjects of one JMH fork, all on the benchmark's own {@code redis-server}
 * ({@link BenchRedis}): the woven {@link Orders} with the engine's shared tier on, the
 * hand-written Lettuce flow and the Redisson flow. A pool of never-used order ids is renewed
 * before each iteration, so every call in a first-execution benchmark is a first execution.
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
  public void start() {
    String uri = BenchRedis.uri();
    Idempotency.configure(Map.of("redis", uri));
    WeavingProbe.requireWoven();
    handWritten = new HandWrittenRedisFlow(uri);
    SharedTierProbe.requireShared(handWritten, orders);
    redisson = new RedissonFlow(uri);
  }

  @Setup(Level.Iteration)
  public void freshIds() {
    ids.renew();
  }

  @TearDown(Level.Trial)
  public void stop() {
    redisson.close();
    handWritten.close();
    Idempotency.shutdown();
  }
}
