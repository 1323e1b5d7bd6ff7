package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.StoreUnavailableException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import java.util.function.Function;

/**
 * The replica acknowledgement of {@link RedisSettings#waitReplicas()}: a {@code WAIT} after each
 * claim, complete and fail, sent to the key's node on the connection that sent the step, so it
 * covers the step's write.
 *
 * <pre>{@code
 * replicas.await("complete", key); // throws StoreUnavailableException if too few acknowledged
 * }</pre>
 */
final class RedisReplicas {
  private final RedisSettings settings;
  private final Function<String, BaseRedisAsyncCommands<String, String>> nodeOf;
  private final RedisCalls calls;

  RedisReplicas(
      RedisSettings settings,
      Function<String, BaseRedisAsyncCommands<String, String>> nodeOf,
      RedisCalls calls) {
    this.settings = settings;
    this.nodeOf = nodeOf;
    this.calls = calls;
  }

  /**
   * {@code WAIT}s until the configured number of replicas have every write this connection sent
   * (the step's included); returns at once when none are required.
   *
   * @throws StoreUnavailableException if fewer replicas acknowledge within the wait timeout
   */
  void await(String step, String key) {
    int replicas = settings.waitReplicas();
    if (replicas == 0) {
      return;
    }
    RedisFuture<Long> acknowledged;
    try {
      acknowledged =
          nodeOf.apply(key).waitForReplication(replicas, settings.waitTimeout().toMillis());
    } catch (RedisException e) {
      throw RedisCalls.unavailable("WAIT", key, e);
    }
    long count = calls.await(acknowledged, "WAIT", key);
    if (count < replicas) {
      throw new StoreUnavailableException(RedisMessages.notReplicated(step, key, count, settings));
    }
  }
}
