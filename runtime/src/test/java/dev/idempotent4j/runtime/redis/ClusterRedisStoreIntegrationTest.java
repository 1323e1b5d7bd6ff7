package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testing.RedisCluster;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The record protocol against a 3-master Redis Cluster the fixture builds. */
class ClusterRedisStoreIntegrationTest extends RedisStoreContract {
  @RegisterExtension static final RedisCluster cluster = RedisCluster.start(3);

  private static RedisStore store;

  @BeforeAll
  static void connect() {
    store = RedisStore.connect(RedisSettings.cluster(cluster.seeds(), Duration.ofSeconds(5)));
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  @Override
  RedisStore store() {
    return store;
  }

  @Override
  RespClient raw(String redisKey) {
    return cluster.nodeFor(redisKey).client();
  }

  @Override
  void flushScripts() {
    cluster.nodes().forEach(node -> node.call("SCRIPT", "FLUSH"));
  }

  @Test
  void allNamesOfATaskKeyShareOneSlotEvenWithBracesInTheKey() {
    for (String key : new String[] {newKey(), "i4j:T.m:{odd}", "i4j:T.m:}{", "i4j:T.m:{}x"}) {
      RedisServer node = cluster.nodes().get(0);
      Set<Object> slots = new HashSet<>();
      slots.add(node.call("CLUSTER", "KEYSLOT", RedisKeys.record(key)));
      slots.add(node.call("CLUSTER", "KEYSLOT", RedisKeys.fence(key)));
      slots.add(node.call("CLUSTER", "KEYSLOT", RedisKeys.channel(key)));
      assertThat(slots).as(key).hasSize(1);
    }
  }

  @Test
  void keysSpreadOverEveryNode() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      ports.add(cluster.nodeFor(RedisKeys.record(newKey())).port());
    }
    assertThat(ports).hasSize(3);
  }
}
