package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** show, list and release against one redis-server the fixture starts. */
class RedisOperationsIntegrationTest extends SharedOperationsContract {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  @Override
  Map<String, String> storeSetting() {
    return Map.of("redis", redis.uri());
  }

  @Override
  void plantGarbage(String key) {
    redis.call("SET", "{" + key + "}", "not a record");
  }

  @Override
  Object snapshot(String key) {
    return redis.call("GET", "{" + key + "}");
  }
}
