package dev.idempotent4j.benchmarks.report;

import dev.idempotent4j.benchmarks.BenchRedis;
import dev.idempotent4j.benchmarks.KeyPool;
import dev.idempotent4j.benchmarks.Orders;
import dev.idempotent4j.benchmarks.WeavingProbe;
import dev.idempotent4j.benchmarks.flows.HandWrittenRedisFlow;
import dev.idempotent4j.benchmarks.flows.RedissonFlow;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Counts the Redis round trips of one call of each shared-tier flow, single-threaded: {@code CALLS}
 * calls inside a {@link RedisMonitor} window, after a warm-up that opens connections and loads
 * scripts. Prints one line per flow, read by {@link PerformanceReport}:
 *
 * <pre>
 * roundtrips woven.first 500 2.00 EVALSHA=2.00
 * </pre>
 *
 * <p>{@link #inFork} runs it in a JVM of its own with the agent and parses those lines.
 *
 * <p>Run with the agent attached and the benchmark's Redis:
 *
 * <pre>
 * java -javaagent:agent/target/idempotent4j-agent-0.1.0-SNAPSHOT.jar \
 *   -Dbench.redis=redis://127.0.0.1:6390 -cp benchmarks/target/benchmarks.jar \
 *   dev.idempotent4j.benchmarks.report.RoundTrips
 * </pre>
 */
public final class RoundTrips {

  static final int CALLS = 500;
  static final int WARMUP = 200;

  private RoundTrips() {}

  public static void main(String[] args) {
    String uri = BenchRedis.uri();
    boolean shared = sharedTier(uri);
    Orders orders = new Orders();
    KeyPool wovenIds = new KeyPool(WARMUP + CALLS);
    KeyPool handWrittenIds = new KeyPool(WARMUP + CALLS);
    try (HandWrittenRedisFlow handWritten = new HandWrittenRedisFlow(uri);
        RedissonFlow redisson = new RedissonFlow(uri)) {
      if (shared) {
        count(uri, "woven.first", wovenIds, orders::confirm);
      }
      count(uri, "handWritten.first", handWrittenIds, handWritten::confirm);
      count(uri, "redisson.first", new KeyPool(WARMUP + CALLS), redisson::confirm);
      if (shared) {
        // The same ids again: duplicates, through a new engine whose local tier is cold and
        // holds one outcome at most, so each is answered from Redis.
        Idempotency.configure(Map.of("redis", uri, "local.max-size", "1"));
        count(uri, "woven.duplicate", wovenIds, orders::confirm);
      }
      count(uri, "handWritten.duplicate", handWrittenIds, handWritten::confirm);
    } finally {
      Idempotency.shutdown();
    }
  }

  /**
   * Runs {@link #main} in a new JVM with {@code agent} attached; returns flow -> words of its
   * {@code roundtrips} line ({@code roundtrips <flow> <calls> <per call> <COMMAND=n>...}), and
   * prints any other line it reports (a flow that could not be counted, or a failure).
   */
  static Map<String, String[]> inFork(String agent, String redis) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-javaagent:" + agent,
            "-D" + BenchRedis.PROPERTY + "=" + redis,
            "-cp",
            System.getProperty("java.class.path"),
            RoundTrips.class.getName());
    Map<String, String[]> counts = new LinkedHashMap<>();
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        System.out.println("Round-trip count failed:\n" + output);
        return counts;
      }
      for (String line : output.lines().toList()) {
        String[] words = line.trim().split(" ", -1);
        if (words.length >= 4 && words[0].equals("roundtrips")) {
          counts.put(words[1], words);
        } else if (words[0].startsWith("roundtrips-")) {
          System.out.println(line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return counts;
  }

  /** Starts the engine on {@code uri}; false (and says why) if this runtime has no shared tier. */
  private static boolean sharedTier(String uri) {
    try {
      Idempotency.configure(Map.of("redis", uri));
    } catch (IdempotencyConfigurationException e) {
      System.out.println("roundtrips-unavailable woven " + e.getMessage());
      return false;
    }
    WeavingProbe.requireWoven();
    return true;
  }

  /** Warms up on the first ids, then counts {@link #CALLS} calls on the others. */
  private static void count(String uri, String flow, KeyPool ids, Consumer<String> call) {
    for (int i = 0; i < WARMUP; i++) {
      call.accept(ids.id(i));
    }
    Map<String, Integer> commands;
    try (RedisMonitor monitor = RedisMonitor.open(uri)) {
      monitor.begin();
      for (int i = WARMUP; i < WARMUP + CALLS; i++) {
        call.accept(ids.id(i));
      }
      commands = monitor.end();
    }
    int total = commands.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder line =
        new StringBuilder("roundtrips ")
            .append(flow)
            .append(' ')
            .append(CALLS)
            .append(' ')
            .append(perCall(total));
    commands.forEach((name, n) -> line.append(' ').append(name).append('=').append(perCall(n)));
    System.out.println(line);
  }

  private static String perCall(int count) {
    return String.format(Locale.ROOT, "%.2f", (double) count / CALLS);
  }
}
