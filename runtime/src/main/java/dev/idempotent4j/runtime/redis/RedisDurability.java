package dev.idempotent4j.runtime.redis;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisServerAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The connect-time check of the Redis settings that "once per key" rests on. A record Redis loses
 * (a restart without persistence, an eviction) is a key that runs again, so each master is asked
 * with {@code CONFIG GET} and every setting that can lose records is logged as a {@code WARNING}
 * that names it and the fix. Managed Redis often disables or renames {@code CONFIG}: then one
 * {@code INFO} line says what to check by hand. Never fails the connection.
 *
 * <pre>{@code
 * RedisDurability.check(() -> Map.of("cache:6379", connection.async()), timeout);
 * }</pre>
 */
final class RedisDurability {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private static final List<String> PARAMETERS =
      List.of("maxmemory-policy", "appendonly", "appendfsync", "save");

  private RedisDurability() {}

  /**
   * Checks each of {@code masters} (name to commands; in a Cluster, opening a connection to each)
   * and logs what can lose records. A master that cannot be reached is not checked.
   */
  static void check(
      Supplier<? extends Map<String, ? extends RedisServerAsyncCommands<String, String>>> nodes,
      Duration timeout) {
    Map<String, ? extends RedisServerAsyncCommands<String, String>> masters;
    try {
      masters = nodes.get();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.INFO, unchecked("the Cluster's masters", e));
      return;
    }
    for (Map.Entry<String, ? extends RedisServerAsyncCommands<String, String>> master :
        masters.entrySet()) {
      try {
        for (String warning : warnings(master.getKey(), read(master.getValue(), timeout))) {
          LOG.log(System.Logger.Level.WARNING, warning);
        }
      } catch (RuntimeException | ExecutionException | TimeoutException e) {
        LOG.log(System.Logger.Level.INFO, unchecked(master.getKey(), e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static Map<String, String> read(
      RedisServerAsyncCommands<String, String> commands, Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    // one parameter per CONFIG GET: Redis before 7 takes only one
    List<RedisFuture<Map<String, String>>> sent = new ArrayList<>();
    for (String parameter : PARAMETERS) {
      sent.add(commands.configGet(parameter));
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (RedisFuture<Map<String, String>> reply : sent) {
      values.putAll(reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    }
    return values;
  }

  /** What in {@code config} (parameter to value; absent when Redis does not know it) loses data. */
  static List<String> warnings(String where, Map<String, String> config) {
    List<String> warnings = new ArrayList<>();
    String policy = config.get("maxmemory-policy");
    if (policy != null && !policy.equals("noeviction")) {
      warnings.add(
          "idempotent4j: Redis at "
              + where
              + " has maxmemory-policy "
              + policy
              + ": when it reaches maxmemory it evicts keys, and an evicted record lets its task"
              + " run again ("
              + (policy.startsWith("volatile-")
                  ? "every record has a TTL, so volatile policies evict records first"
                      + (policy.equals("volatile-ttl") ? ", running claims before others" : "")
                  : "allkeys policies evict any record")
              + "). Set maxmemory-policy noeviction (full memory then fails writes loudly), and"
              + " size maxmemory for the records of one ttl.");
    }
    String appendOnly = config.get("appendonly");
    String save = config.get("save");
    if ("no".equals(appendOnly)) {
      boolean snapshots = save != null && !save.isBlank();
      warnings.add(
          "idempotent4j: Redis at "
              + where
              + " has appendonly no"
              + (snapshots
                  ? " (RDB snapshots only, save '"
                      + save
                      + "'): a restart loses every record"
                      + " written since the last snapshot"
                  : " and no RDB snapshots: a restart loses every record")
              + ", and those keys run again. Set appendonly yes with appendfsync everysec (at"
              + " most a second of writes lost on a crash) or always (none).");
    } else if ("yes".equals(appendOnly) && "no".equals(config.get("appendfsync"))) {
      warnings.add(
          "idempotent4j: Redis at "
              + where
              + " has appendfsync no: the operating system decides when the log reaches the"
              + " disk, so a crash of the machine can lose tens of seconds of records, whose"
              + " keys then run again. Set appendfsync everysec or always.");
    }
    return warnings;
  }

  private static String unchecked(String where, Exception e) {
    Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    return "idempotent4j: could not read the configuration of Redis at "
        + where
        + " (CONFIG GET: "
        + cause
        + "; managed Redis often disables it). Check by hand that it never evicts"
        + " (maxmemory-policy noeviction) and persists every write (appendonly yes, appendfsync"
        + " everysec or always): a lost record lets its task run again.";
  }
}
