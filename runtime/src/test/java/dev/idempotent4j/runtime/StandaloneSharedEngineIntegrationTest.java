package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine with its shared store against one redis-server the fixture starts. */
class StandaloneSharedEngineIntegrationTest extends RedisSharedEngineContract {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  @Override
  Map<String, String> storeSetting() {
    return Map.of("redis", redis.uri());
  }

  @Override
  RespClient raw(String redisKey) {
    return redis.client();
  }
}
