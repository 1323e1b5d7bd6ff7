package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreSettings;
import java.util.List;
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

  /** Called by {@link java.util.ServiceLoader}. */
  public RedisStoreFactory() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public List<String> settingNames() {
    return List.of(REDIS, CLUSTER);
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
  }

  @Override
  public SharedStore open(StoreSettings settings) {
    RedisSettings connection =
        RedisSettings.from(
                settings.value(REDIS).orElse(null),
                settings.value(CLUSTER).orElse(null),
                settings.timeout())
            .orElseThrow(() -> new IllegalStateException("neither redis nor redis.cluster is set"));
    return RedisStore.connect(connection);
  }
}
