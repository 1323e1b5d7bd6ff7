package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.redis.RedisStoreFactory;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The public API with {@code redis} configured: what an application sees, end to end. */
class IdempotencySharedIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private final String prefix = "api" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void cleanSlate() {
    Idempotency.reset();
  }

  @Test
  void outcomesOutliveTheEngineInRedisAndShutdownClosesTheConnections() {
    long baseline = connectedClients();
    Idempotency.configure(Map.of("redis", redis.uri(), "prefix", prefix));
    Task task = Idempotency.task("Api.charge").codec(Codecs.string()).build();
    AtomicInteger runs = new AtomicInteger();
    TaskResult<String> first =
        task.execute("order-1", null, () -> "receipt-" + runs.incrementAndGet());
    assertThat(first.replayed()).isFalse();
    assertThat(first.context().attempt()).isEqualTo(1);
    assertThat(connectedClients()).isGreaterThan(baseline);

    Idempotency.shutdown(); // the local tier is gone; Redis remembers
    awaitConnectedClients(baseline);
    TaskResult<String> again =
        task.execute("order-1", null, () -> "receipt-" + runs.incrementAndGet());
    assertThat(again.value()).isEqualTo("receipt-1");
    assertThat(again.replayed()).isTrue();
    assertThat(runs).hasValue(1);
    assertThat(Idempotency.metrics().task("Api.charge").sharedHits()).isEqualTo(1);

    Idempotency.configure(Map.of("prefix", prefix)); // back to the local tier alone
    awaitConnectedClients(baseline);
  }

  @Test
  void aStoreGivenInCodeIsTheSharedTierAndIsClosedWithTheEngine() {
    long baseline = connectedClients();
    Map<String, String> settings = Map.of("redis", redis.uri(), "prefix", prefix);
    SharedStoreFactory redisFactory = new RedisStoreFactory();
    Settings resolved = Settings.resolve(settings, new Properties(), Map.of());
    SharedStore store = redisFactory.open(resolved);
    assertThatThrownBy(() -> Idempotency.configure(settings, store))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("the settings select the redis store too");

    Idempotency.configure(Map.of("prefix", prefix), store);
    Task task = Idempotency.task("Api.inCode").codec(Codecs.string()).build();
    assertThat(task.run("k", () -> "first")).isEqualTo("first");
    Idempotency.shutdown(); // forgets the local tier; the store given in code stays configured
    assertThat(task.execute("k", null, () -> "second").replayed()).isTrue();
    Idempotency.reset(); // forgets the store; the application closes it
    store.close();
    awaitConnectedClients(baseline);
  }

  @Test
  void keysThatDifferOnlyInALoneSurrogateAreDistinctRecordsInRedis() {
    Task task = Idempotency.task("Api.surrogates").codec(Codecs.string()).build();
    String[] keys = new String[6];
    String[] tails = {"", "x".repeat(600)}; // short keys, and keys hashed for their length
    for (int t = 0; t < 2; t++) {
      keys[3 * t] = "req-7\ud800" + tails[t];
      keys[3 * t + 1] = "req-7\udfff" + tails[t];
      keys[3 * t + 2] = "req-7?" + tails[t];
    }
    Idempotency.configure(Map.of("redis", redis.uri(), "prefix", prefix));
    for (int i = 0; i < keys.length; i++) {
      int request = i;
      assertThat(task.run(keys[i], () -> "result-" + request)).isEqualTo("result-" + i);
    }
    Idempotency.shutdown(); // the local tier is gone: only Redis tells the keys apart
    for (int i = 0; i < keys.length; i++) {
      TaskResult<String> again = task.execute(keys[i], null, () -> "ran again");
      assertThat(again.value()).as("key %s", i).isEqualTo("result-" + i);
      assertThat(again.replayed()).isTrue();
    }
  }

  @Test
  void anEngineStartedWhileRedisIsDownConnectsOnceRedisIsUp() {
    redis.kill();
    Task task = Idempotency.task("Api.late").codec(Codecs.string()).build();
    try {
      Idempotency.configure(Map.of("redis", redis.uri(), "prefix", prefix, "timeout", "1s"));
      assertThatThrownBy(() -> task.run("k", () -> "too early"))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(CapturedLog.warnings())
          .anyMatch(m -> m.contains("idempotent4j cannot reach its shared store at start-up"));
    } finally {
      redis.restart();
    }
    String value =
        Eventually.poll(
            Duration.ofSeconds(20),
            "the engine to connect",
            () -> {
              try {
                return Optional.of(task.run("k", () -> "ran"));
              } catch (StoreUnavailableException e) {
                return Optional.empty();
              }
            });
    assertThat(value).isEqualTo("ran");
    assertThat(Idempotency.metrics().task("Api.late").executed()).isEqualTo(1);
  }

  private static void awaitConnectedClients(long expected) {
    // Redis drops a closed client asynchronously: poll, bounded
    Eventually.poll(
        Duration.ofSeconds(10),
        "connected_clients to return to " + expected,
        () -> connectedClients() <= expected ? Optional.of(true) : Optional.empty());
  }

  /** Clients connected to the fixture's server, not counting the one asking. */
  private static long connectedClients() {
    Matcher m =
        Pattern.compile("connected_clients:(\\d+)")
            .matcher(String.valueOf(redis.call("INFO", "clients")));
    assertThat(m.find()).isTrue();
    return Long.parseLong(m.group(1)) - 1;
  }
}
