package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.RedisCluster;
import dev.idempotent4j.testing.RespClient;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engine with its shared store against a 3-master Redis Cluster the fixture builds. */
class ClusterSharedEngineIntegrationTest extends RedisSharedEngineContract {
  @RegisterExtension static final RedisCluster cluster = RedisCluster.start(3);

  @Override
  Map<String, String> storeSetting() {
    return Map.of("redis.cluster", cluster.seeds());
  }

  @Override
  RespClient raw(String redisKey) {
    return cluster.nodeFor(redisKey).client();
  }
}
