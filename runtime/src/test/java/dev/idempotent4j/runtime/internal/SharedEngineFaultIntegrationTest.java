package dev.idempotent4j.runtime.internal;

import static dev.idempotent4j.runtime.internal.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis paused (SIGSTOP) or killed under a running engine: fail closed by default (the call fails
 * with {@link StoreUnavailableException} and the method does not run), fail open when configured
 * (it runs, counted). The server is this class's own, so pausing it disturbs no other test.
 */
class SharedEngineFaultIntegrationTest {
  @RegisterExtension static final RedisServer redis = RedisServer.start();

  /** Generous: proves the call gives up on its own, never how fast. */
  private static final Duration BOUND = Duration.ofSeconds(15);

  private final String prefix = "f" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Engine> engines = new ArrayList<>();
  private final TaskDefinition definition =
      Woven.definition("fault").returns(ReturnKind.VALUE, null, Codecs.intBox()).build();

  @AfterEach
  void cleanUp() {
    if (!redis.isAlive()) {
      redis.restart();
    }
    redis.resume();
    engines.forEach(Engine::close);
  }

  private Engine engine(String failMode) {
    Settings settings =
        Settings.resolve(
            Map.of("redis", redis.uri(), "prefix", prefix, "timeout", "1s", "fail-mode", failMode),
            new Properties(),
            Map.of());
    Engine engine =
        Engine.builder(settings)
            .store(RedisStore.connect(RedisSettings.redis(redis.uri(), settings.timeout())))
            .build();
    engines.add(engine);
    return engine;
  }

  @Test
  void aPausedRedisFailsTheCallClosedWithinTheTimeoutAndNothingRuns() throws Exception {
    Engine engine = engine("closed");
    BoundTask task = engine.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    assertThat(call(engine, task, "warm", runs::incrementAndGet)).isEqualTo(1);
    redis.pause();
    long start = System.nanoTime();
    assertThatThrownBy(() -> call(engine, task, "k", runs::incrementAndGet))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("did not answer");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    redis.resume();
    assertThat(runs).hasValue(1);
    TaskMetrics metrics = engine.metrics().task("fault");
    assertThat(metrics.storeErrors()).isEqualTo(1);
    assertThat(metrics.failOpenRuns()).isZero();
    // Once Redis answers again, so does the engine. The timed-out claim reached Redis after the
    // resume; it is this engine's orphan, so it does not lock the key until its lease runs out.
    assertThat(call(engine, task, "k", runs::incrementAndGet)).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
  }

  @Test
  void aPausedRedisWithFailOpenRunsTheMethodAndCountsIt() throws Exception {
    Engine engine = engine("open");
    BoundTask task = engine.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    assertThat(call(engine, task, "warm", runs::incrementAndGet)).isEqualTo(1);
    redis.pause();
    assertThat(call(engine, task, "k", runs::incrementAndGet)).isEqualTo(2);
    assertThat(call(engine, task, "k", runs::incrementAndGet)).isEqualTo(2); // local tier
    redis.resume();
    assertThat(CapturedLog.warnings())
        .anyMatch(
            m -> m.contains("the shared store is unavailable") && m.contains("fail-mode = open"));
    TaskMetrics metrics = engine.metrics().task("fault");
    assertThat(metrics.failOpenRuns()).isEqualTo(1);
    assertThat(metrics.storeErrors()).isEqualTo(1);
    assertThat(metrics.executed()).isEqualTo(2);
  }

  @Test
  void aKilledRedisFailsCallsClosedUntilItIsBack() throws Exception {
    Engine engine = engine("closed");
    BoundTask task = engine.bind(definition);
    AtomicInteger runs = new AtomicInteger();
    assertThat(call(engine, task, "warm", runs::incrementAndGet)).isEqualTo(1);
    redis.kill();
    long start = System.nanoTime();
    assertThatThrownBy(() -> call(engine, task, "k", runs::incrementAndGet))
        .isInstanceOf(StoreUnavailableException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND);
    assertThat(runs).hasValue(1);
    redis.restart(); // empty: the record of "warm" is gone with the data
    Object value =
        Eventually.poll(
            BOUND,
            "the engine to reconnect",
            () -> {
              try {
                return Optional.of(call(engine, task, "k", runs::incrementAndGet));
              } catch (StoreUnavailableException e) {
                return Optional.empty();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(value).isEqualTo(2);
    assertThat(runs).hasValue(2);
  }
}
