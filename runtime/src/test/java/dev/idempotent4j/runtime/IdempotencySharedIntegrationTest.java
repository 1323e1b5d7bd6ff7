package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
