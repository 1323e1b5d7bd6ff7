package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The record protocol against one {@code redis-server}. */
class StandaloneRedisStoreIntegrationTest extends RedisStoreContract {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static RedisStore store;

  @BeforeAll
  static void connect() {
    store = RedisStore.connect(RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)));
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  @Override
  protected RedisStore store() {
    return store;
  }

  @Override
  RedisSettings settings() {
    return RedisSettings.redis(redis.uri(), Duration.ofSeconds(5));
  }

  @Override
  RespClient raw(String redisKey) {
    return redis.client();
  }

  @Override
  void flushScripts() {
    redis.call("SCRIPT", "FLUSH");
  }
}
