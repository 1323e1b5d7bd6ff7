package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.RedisCluster;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * show, list and release against a 3-master Redis Cluster: a task's keys spread over every master,
 * so list must scan each of them.
 */
class ClusterOperationsIntegrationTest extends SharedOperationsContract {
  @RegisterExtension static final RedisCluster cluster = RedisCluster.start(3);

  @Override
  Map<String, String> storeSetting() {
    return Map.of("redis.cluster", cluster.seeds());
  }

  @Override
  void plantGarbage(String key) {
    String redisKey = "{" + key + "}";
    cluster.nodeFor(redisKey).client().call("SET", redisKey, "not a record");
  }

  @Override
  Object snapshot(String key) {
    String redisKey = "{" + key + "}";
    return cluster.nodeFor(redisKey).client().call("GET", redisKey);
  }
}
