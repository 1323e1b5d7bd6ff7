package dev.idempotent4j.benchmarks.diagnosis;

import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * What each shared-tier step costs the Redis server and the caller, one step at a time, on one
 * thread: a claim of a fresh key, the complete of that claim, a claim that finds a completed record
 * (a duplicate hit) and, as the floor, one {@code GET} of a value of the same size. For each step
 * it prints the server time per call ({@code INFO commandstats}, reset before the step: wall time,
 * so it grows when other processes take the server's core), the CPU time the server process used
 * per call ({@code INFO cpu}: user + system, including its network work; what bounds throughput),
 * the commands the step's script ran inside the server per call, and the round trip seen by the
 * caller (median and mean of {@code System.nanoTime()} around the call).
 *
 * <pre>
 * redis-server --port 6390 --save '' &amp;
 * java -cp benchmarks/target/benchmarks.jar \
 *   dev.idempotent4j.benchmarks.diagnosis.SharedStepCost redis://127.0.0.1:6390 20000
 * </pre>
 *
 * <p>Run it against a Redis that nothing else uses: the server counters are global.
 */
public final class SharedStepCost {

  private static final Duration LONG = Duration.ofHours(24);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private SharedStepCost() {}

  public static void main(String[] args) {
    String uri = args.length > 0 ? args[0] : "redis://127.0.0.1:6390";
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    String result = "\"receipt-" + "0".repeat(40) + "\"";
    RedisClient client = RedisClient.create(uri);
    try (StatefulRedisConnection<String, String> connection = client.connect();
        RedisStore store = RedisStore.connect(RedisSettings.redis(uri, Duration.ofSeconds(5)))) {
      RedisCommands<String, String> redis = connection.sync();
      redis.set("i4j-step-cost:get", result);
      for (int round = 0; round < 2; round++) { // the first round warms up
        boolean report = round == 1;
        String run = "i4j-step-cost:" + UUID.randomUUID() + ":";
        Fence[] fences = new Fence[n];
        step(
            report,
            "claim, fresh key",
            n,
            redis,
            i -> {
              Claim claim = store.claim(new ClaimRequest(run + i, null, "owner", LEASE, LONG));
              fences[i] = ((Claim.Claimed) claim).fence();
            });
        step(report, "complete", n, redis, i -> store.complete(run + i, fences[i], result, LONG));
        step(
            report,
            "claim, completed record",
            n,
            redis,
            i -> store.claim(new ClaimRequest(run + i, null, "other", LEASE, LONG)));
        step(report, "GET", n, redis, i -> redis.get("i4j-step-cost:get"));
      }
    } finally {
      client.shutdown();
    }
  }

  private interface Call {
    void run(int i);
  }

  private static void step(
      boolean report, String name, int n, RedisCommands<String, String> redis, Call call) {
    redis.configResetstat();
    double cpuBefore = CommandStats.cpuSeconds(redis.info("cpu"));
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      call.run(i);
      nanos[i] = System.nanoTime() - start;
    }
    double cpu = CommandStats.cpuSeconds(redis.info("cpu")) - cpuBefore;
    Map<String, double[]> stats = CommandStats.parse(redis.info("commandstats")).all();
    if (!report) {
      return;
    }
    Arrays.sort(nanos);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(
            "%-26s round trip p50 %6.1f µs, mean %6.1f µs", name, nanos[n / 2] / 1000.0, mean));
    double[] outer = stats.containsKey("evalsha") ? stats.get("evalsha") : stats.get("get");
    line.append(
        String.format("; server %5.2f µs/call, CPU %5.2f µs/call", outer[1] / n, cpu * 1e6 / n));
    StringBuilder inner = new StringBuilder();
    stats.forEach(
        (command, values) -> {
          if (!command.equals("evalsha")
              && !command.equals("info")
              && !command.equals("config")
              && values[0] > 0) {
            inner.append(String.format(" %s=%.2f", command, values[0] / n));
          }
        });
    if (stats.containsKey("evalsha")) {
      line.append("; per call:").append(inner);
    }
    System.out.println(line);
  }
}
