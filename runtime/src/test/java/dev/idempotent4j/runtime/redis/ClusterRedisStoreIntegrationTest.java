package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisCluster;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
  protected RedisStore store() {
    return store;
  }

  @Override
  RedisSettings settings() {
    return RedisSettings.cluster(cluster.seeds(), Duration.ofSeconds(5));
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
  void aPausedNodeFailsItsKeysWithinTheTimeoutAndServesThemAfterResume() {
    String key = newKey();
    RedisServer node = cluster.nodeFor(RedisKeys.record(key));
    try (RedisStore quick =
        RedisStore.connect(RedisSettings.cluster(cluster.seeds(), Duration.ofMillis(500)))) {
      node.pause();
      try {
        assertThatThrownBy(() -> quick.claim(request(key, "w1")))
            .isInstanceOf(StoreUnavailableException.class);
      } finally {
        node.resume();
      }
      Claim claim =
          Eventually.poll(
              PATIENCE,
              "the node to serve again",
              () -> Optional.of(quick.claim(request(key, "w1"))));
      // the timed-out claim may have run after the resume: either answer is right
      assertThat(claim).isInstanceOfAny(Claim.Claimed.class, Claim.InProgress.class);
    }
  }

  @Test
  void renewSpreadsOverSlotsAndBatches() {
    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < RedisStore.RENEW_BATCH + 20; i++) {
      String key = "i4j:Batch.task:{same-slot}";
      // one slot with more leases than a batch, plus keys on other slots
      String taskKey = i < RedisStore.RENEW_BATCH + 10 ? key.replace("}", "}" + i) : newKey();
      Claim claim = store.claim(request(taskKey, "w1"));
      leases.add(new Lease(taskKey, ((Claim.Claimed) claim).fence()));
    }
    Lease gone = leases.get(RedisStore.RENEW_BATCH + 5);
    store.release(gone.key(), gone.fence());

    assertThat(store.renew(leases, LONG)).containsExactly(gone);
  }

  @Test
  void keysSpreadOverEveryNode() {
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      ports.add(cluster.nodeFor(RedisKeys.record(newKey())).port());
    }
    assertThat(ports).hasSize(3);
  }

  @Test
  void replicaAcknowledgementWaitsOnEachKeysOwnMasterAndEveryMasterIsChecked() {
    RedisSettings settings =
        settings().withReplicaAcknowledgement(1, Duration.ofMillis(200)); // the masters have none
    RedisStore waiting;
    // the fixture's nodes keep no data: one warning per master
    List<java.util.logging.LogRecord> connected = new ArrayList<>();
    java.util.concurrent.atomic.AtomicReference<RedisStore> opened =
        new java.util.concurrent.atomic.AtomicReference<>();
    connected.addAll(
        RedisStoreDurabilityIntegrationTest.logged(() -> opened.set(RedisStore.connect(settings))));
    waiting = opened.get();
    try {
      assertThat(
              RedisStoreDurabilityIntegrationTest.messages(
                  connected, java.util.logging.Level.WARNING))
          .filteredOn(m -> m.contains("appendonly no"))
          .hasSize(cluster.nodes().size());
      Set<RedisServer> masters = new HashSet<>();
      for (int i = 0; masters.size() < cluster.nodes().size() && i < 1_000; i++) {
        String key = newKey();
        if (!masters.add(cluster.nodeFor(RedisKeys.record(key)))) {
          continue;
        }
        assertThatThrownBy(() -> waiting.claim(request(key, "w1")))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("to 0 of 1 replicas");
        assertThat(exists(RedisKeys.record(key))).isFalse();
      }
      assertThat(masters).hasSize(cluster.nodes().size());
    } finally {
      waiting.close();
    }
  }
}
