package dev.idempotent4j.runtime.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisBinary;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * What the guarantee needs of Redis itself: settings that keep records (checked and warned about at
 * connect time), replicas that acknowledge claims and outcomes ({@code WAIT}), and results of a
 * bounded size. Each test starts the servers it needs.
 */
class RedisStoreDurabilityIntegrationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration LONG = Duration.ofMinutes(5);

  static String newKey() {
    return "i4j:Durable.task:" + UUID.randomUUID();
  }

  static ClaimRequest request(String key, String owner) {
    return new ClaimRequest(key, null, owner, LONG, LONG);
  }

  /** The store's log records while {@code action} runs. */
  static List<LogRecord> logged(Runnable action) {
    Logger logger = Logger.getLogger(RedisStore.class.getName());
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      action.run();
    } finally {
      logger.removeHandler(handler);
    }
    return records;
  }

  static List<String> messages(List<LogRecord> records, Level level) {
    return records.stream().filter(r -> r.getLevel() == level).map(LogRecord::getMessage).toList();
  }

  @Test
  void settingsThatLoseRecordsAreWarnedAboutAtConnectNamingTheFix() {
    try (RedisServer redis =
        RedisServer.start(
            RedisBinary.find(),
            List.of("--maxmemory-policy", "volatile-ttl", "--maxmemory", "100mb"),
            false)) {
      List<LogRecord> records =
          logged(() -> RedisStore.connect(RedisSettings.redis(redis.uri(), TIMEOUT)).close());
      List<String> warnings = messages(records, Level.WARNING);
      assertThat(warnings)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("maxmemory-policy volatile-ttl")
                      .contains("running claims before others")
                      .contains("Set maxmemory-policy noeviction"));
      assertThat(warnings)
          .anySatisfy(
              w ->
                  assertThat(w)
                      .contains("appendonly no and no RDB snapshots")
                      .contains("Set appendonly yes"));
    }
    try (RedisServer redis =
        RedisServer.start(
            RedisBinary.find(),
            List.of("--appendonly", "yes", "--appendfsync", "everysec", "--save", ""),
            false)) {
      List<LogRecord> records =
          logged(() -> RedisStore.connect(RedisSettings.redis(redis.uri(), TIMEOUT)).close());
      assertThat(messages(records, Level.WARNING)).isEmpty();
    }
  }

  @Test
  void aDisabledConfigCommandIsToleratedWithOneLineOfAdvice() {
    try (RedisServer redis =
        RedisServer.start(RedisBinary.find(), List.of("--rename-command", "CONFIG", ""), false)) {
      List<LogRecord> records =
          logged(
              () -> {
                try (RedisStore store =
                    RedisStore.connect(RedisSettings.redis(redis.uri(), TIMEOUT))) {
                  String key = newKey();
                  Fence fence = ((Claim.Claimed) store.claim(request(key, "w1"))).fence();
                  assertThat(store.complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
                }
              });
      assertThat(messages(records, Level.WARNING)).isEmpty();
      assertThat(messages(records, Level.INFO))
          .anySatisfy(
              m ->
                  assertThat(m)
                      .contains("could not read the configuration")
                      .contains("noeviction"));
    }
  }

  @Test
  void warningsPerPolicyAndPersistence() {
    assertThat(RedisDurability.warnings("r", Map.of("maxmemory-policy", "allkeys-lru")))
        .singleElement()
        .asString()
        .contains("allkeys policies evict any record");
    assertThat(
            RedisDurability.warnings(
                "r", Map.of("appendonly", "no", "save", "3600 1 300 100 60 10000")))
        .singleElement()
        .asString()
        .contains("RDB snapshots only");
    assertThat(RedisDurability.warnings("r", Map.of("appendonly", "yes", "appendfsync", "no")))
        .singleElement()
        .asString()
        .contains("Set appendfsync everysec or always");
    assertThat(
            RedisDurability.warnings(
                "r",
                Map.of(
                    "maxmemory-policy",
                    "noeviction",
                    "appendonly",
                    "yes",
                    "appendfsync",
                    "always")))
        .isEmpty();
  }

  @Test
  void withReplicaAcknowledgementClaimsAndOutcomesWaitForTheReplica() {
    try (RedisServer master = RedisServer.start();
        RedisServer replica =
            RedisServer.start(
                RedisBinary.find(),
                List.of("--replicaof", "127.0.0.1", Integer.toString(master.port())),
                false)) {
      awaitLink(replica);
      RedisSettings settings =
          RedisSettings.redis(master.uri(), TIMEOUT)
              .withReplicaAcknowledgement(1, Duration.ofMillis(500));
      try (RedisStore store = RedisStore.connect(settings);
          RespClient onReplica = replica.client();
          RespClient onMaster = master.client()) {
        String key = newKey();
        Fence fence = ((Claim.Claimed) store.claim(request(key, "w1"))).fence();
        // acknowledged: the replica holds the claim the moment the store reports it
        assertThat(RedisValues.record(onReplica, RedisKeys.record(key)).get("state"))
            .isEqualTo("running");
        assertThat(store.complete(key, fence, "\"done\"", LONG)).isEqualTo(Completion.ACCEPTED);
        assertThat(RedisValues.record(onReplica, RedisKeys.record(key)).get("state"))
            .isEqualTo("completed");

        String pending = newKey();
        Fence pendingFence = ((Claim.Claimed) store.claim(request(pending, "w1"))).fence();
        replica.pause();
        try {
          String unacknowledged = newKey();
          assertThatThrownBy(() -> store.claim(request(unacknowledged, "w1")))
              .isInstanceOf(StoreUnavailableException.class)
              .hasMessageContaining("to 0 of 1 replicas within PT0.5S")
              .hasMessageContaining("the claim was released and the task did not run");
          assertThat(onMaster.call("EXISTS", RedisKeys.record(unacknowledged))).isEqualTo(0L);

          assertThatThrownBy(() -> store.complete(pending, pendingFence, "\"late\"", LONG))
              .isInstanceOf(StoreUnavailableException.class)
              .hasMessageContaining("complete of key '" + pending + "' to 0 of 1 replicas")
              .hasMessageContaining("stored on the master");
          assertThat(RedisValues.record(onMaster, RedisKeys.record(pending)).get("state"))
              .isEqualTo("completed");
        } finally {
          replica.resume();
        }
      }
    }
  }

  @Test
  void inAClusterWaitCountsTheWriteOnTheConnectionTheStepWentThrough() {
    try (dev.idempotent4j.testing.RedisCluster cluster =
            dev.idempotent4j.testing.RedisCluster.start(1);
        RedisServer replica =
            RedisServer.start(
                RedisBinary.find(),
                List.of(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", "nodes.conf",
                    "--cluster-node-timeout", "2000"),
                true)) {
      RedisServer master = cluster.nodes().get(0);
      replica.call("CLUSTER", "MEET", "127.0.0.1", Integer.toString(master.port()));
      String masterId = (String) master.call("CLUSTER", "MYID");
      Eventually.poll(
          Duration.ofSeconds(20),
          "the replica to join",
          () -> {
            try {
              replica.call("CLUSTER", "REPLICATE", masterId);
              return Optional.of(true);
            } catch (RuntimeException notKnownYet) {
              return Optional.empty();
            }
          });
      awaitLink(replica);
      RedisSettings settings =
          RedisSettings.cluster(cluster.seeds(), TIMEOUT)
              .withReplicaAcknowledgement(1, Duration.ofMillis(500));
      try (RedisStore store = RedisStore.connect(settings)) {
        String key = newKey();
        Fence fence = ((Claim.Claimed) store.claim(request(key, "w1"))).fence();
        assertThat(store.complete(key, fence, "1", LONG)).isEqualTo(Completion.ACCEPTED);
        replica.pause();
        try {
          // a WAIT on any other connection (no writes of its own) would answer 1 at once
          assertThatThrownBy(() -> store.claim(request(newKey(), "w1")))
              .isInstanceOf(StoreUnavailableException.class)
              .hasMessageContaining("to 0 of 1 replicas");
        } finally {
          replica.resume();
        }
      }
    }
  }

  @Test
  void replicaAcknowledgementSettingsAreChecked() {
    RedisSettings settings = RedisSettings.redis("redis://localhost:6379", TIMEOUT);
    assertThat(settings.waitReplicas()).isZero();
    assertThat(settings.waitTimeout()).isNull();
    assertThat(settings.withReplicaAcknowledgement(1, null).waitTimeout())
        .isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> settings.withReplicaAcknowledgement(-1, null))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis.wait-replicas");
    assertThatThrownBy(() -> settings.withReplicaAcknowledgement(1, Duration.ofSeconds(3)))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("idempotent4j.redis.wait-timeout")
        .hasMessageContaining("at most idempotent4j.timeout (PT2S)");
  }

  @Test
  void aHugeFailureMessageIsStoredCutToEightThousandCharacters() {
    try (RedisServer redis = RedisServer.start();
        RedisStore store = RedisStore.connect(RedisSettings.redis(redis.uri(), TIMEOUT))) {
      String key = newKey();
      Fence fence = ((Claim.Claimed) store.claim(request(key, "w1"))).fence();
      String message = "x".repeat(8_191) + "\ud83d\ude00" + "y".repeat(2_000_000);
      store.fail(key, fence, new dev.idempotent4j.runtime.store.StoredFailure("E", message), LONG);
      String stored = ((Claim.Failed) store.claim(request(key, "w2"))).failure().message();
      assertThat(stored)
          .startsWith("x".repeat(8_191))
          .endsWith("... (2000002 more characters not stored)")
          .hasSizeLessThan(8_300);
      assertThat(stored.charAt(8_191)).isEqualTo('.'); // the pair is not split
    }
  }

  private static void awaitLink(RedisServer replica) {
    Eventually.poll(
        Duration.ofSeconds(20),
        "the replica to sync",
        () ->
            ((String) replica.call("INFO", "replication")).contains("master_link_status:up")
                ? Optional.of(true)
                : Optional.empty());
  }
}
