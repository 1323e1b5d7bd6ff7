package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.Durations;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreSettings;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Redis as the shared store, chosen by the setting {@code redis} (one server or Sentinel) or {@code
 * redis.cluster} (seed nodes of a Redis Cluster). Registered through {@code META-INF/services};
 * applications never call it.
 *
 * <pre>{@code
 * // -Didempotent4j.redis=redis://cache:6379 selects it; so does:
 * Idempotency.configure(Map.of("redis", "redis://cache:6379"));
 * }</pre>
 */
public final class RedisStoreFactory implements SharedStoreFactory {

  private static final String REDIS = "redis";
  private static final String CLUSTER = "redis.cluster";
  private static final String WAIT_REPLICAS = "redis.wait-replicas";
  private static final String WAIT_TIMEOUT = "redis.wait-timeout";
  private static final String READ_BEFORE_CLAIM = "redis.read-before-claim";

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisStoreFactory() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public List<String> settingNames() {
    return List.of(REDIS, CLUSTER, WAIT_REPLICAS, WAIT_TIMEOUT, READ_BEFORE_CLAIM);
  }

  @Override
  public boolean isSelected(StoreSettings settings) {
    return settings.value(REDIS).isPresent() || settings.value(CLUSTER).isPresent();
  }

  @Override
  public void validate(StoreSettings settings) {
    Optional<String> redis = settings.value(REDIS);
    Optional<String> cluster = settings.value(CLUSTER);
    if (redis.isPresent() && cluster.isPresent()) {
      throw new IdempotencyConfigurationException(
          "idempotent4j settings 'redis' ("
              + settings.sourceOf(REDIS)
              + ") and 'redis.cluster' ("
              + settings.sourceOf(CLUSTER)
              + ") are both set: set 'redis' for a single Redis or Sentinel, or 'redis.cluster'"
              + " for a Redis Cluster, not both.");
    }
    if (redis.isPresent()) {
      try {
        RedisSettings.checkRedis(redis.get());
      } catch (IllegalArgumentException e) {
        throw settings.invalid(REDIS, e.getMessage(), RedisSettings.REDIS_FORMS);
      }
    }
    if (cluster.isPresent()) {
      try {
        RedisSettings.checkClusterSeeds(cluster.get());
      } catch (IllegalArgumentException e) {
        throw settings.invalid(CLUSTER, e.getMessage(), RedisSettings.CLUSTER_FORMS);
      }
    }
    connection(settings); // the durability settings, checked against each other
  }

  @Override
  public SharedStore open(StoreSettings settings) {
    return RedisStore.connect(connection(settings));
  }

  private static RedisSettings connection(StoreSettings settings) {
    RedisSettings connection =
        RedisSettings.from(
                settings.value(REDIS).orElse(null),
                settings.value(CLUSTER).orElse(null),
                settings.timeout())
            .orElseThrow(() -> new IllegalStateException("neither redis nor redis.cluster is set"));
    Duration waitTimeout = null;
    if (settings.value(WAIT_TIMEOUT).isPresent()) {
      try {
        waitTimeout = Durations.parse(settings.value(WAIT_TIMEOUT).get());
      } catch (IllegalArgumentException e) {
        throw settings.invalid(
            WAIT_TIMEOUT,
            "it is not a duration",
            "Write a number and a unit (500ms, 1s) or ISO-8601 (PT1S), at most 'timeout'.");
      }
    }
    int replicas =
        wholeNumber(
            settings,
            WAIT_REPLICAS,
            0,
            0,
            1000,
            "Write how many replicas must acknowledge each claim and outcome, e.g. 1 (0: off).");
    RedisSettings.ReadBeforeClaim reads = RedisSettings.ReadBeforeClaim.AUTO;
    Optional<String> read = settings.value(READ_BEFORE_CLAIM);
    if (read.isPresent()) {
      try {
        reads = RedisSettings.ReadBeforeClaim.valueOf(read.get().trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw settings.invalid(
            READ_BEFORE_CLAIM,
            "it is not auto, always or never",
            "Write auto (the default: a GET first for tasks whose claims mostly find a finished"
                + " record), always or never.");
      }
    }
    return connection.withReplicaAcknowledgement(replicas, waitTimeout).withReadBeforeClaim(reads);
  }

  private static int wholeNumber(
      StoreSettings settings, String name, int unset, int min, int max, String accepted) {
    Optional<String> text = settings.value(name);
    if (text.isEmpty()) {
      return unset;
    }
    long value;
    try {
      value = Long.parseLong(text.get().replace("_", ""));
    } catch (NumberFormatException e) {
      throw settings.invalid(name, "it is not a whole number", accepted);
    }
    if (value < min || value > max) {
      throw settings.invalid(name, "it is not between " + min + " and " + max, accepted);
    }
    return (int) value;
  }
}
