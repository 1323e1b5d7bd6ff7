package dev.idempotent4j.runtime;

import static dev.idempotent4j.runtime.Woven.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.spi.ReturnKind;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.CapturedLog;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.RedisServer;
import dev.idempotent4j.testing.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

  /** A connection opened before a test turns new connections away, to turn them back in. */
  private RespClient admin;

  private final TaskDefinition definition =
      Woven.definition("fault").returns(ReturnKind.VALUE, null, Codecs.intBox()).build();

  @AfterEach
  void cleanUp() {
    if (!redis.isAlive()) {
      redis.restart();
    }
    redis.resume();
    if (admin != null) {
      admin.call("ACL", "SETUSER", "default", "on");
      admin.close();
    }
    engines.forEach(Engine::close);
  }

  private Engine engine(String failMode) {
    return engine(failMode, store -> store);
  }

  private Engine engine(String failMode, UnaryOperator<SharedStore> wrap) {
    Settings settings = settings(failMode);
    Engine engine =
        Engine.builder(settings)
            .store(
                wrap.apply(
                    RedisStore.connect(RedisSettings.redis(redis.uri(), settings.timeout()))))
            .build();
    engines.add(engine);
    return engine;
  }

  private Settings settings(String failMode) {
    return Settings.resolve(
        Map.of("redis", redis.uri(), "prefix", prefix, "timeout", "1s", "fail-mode", failMode),
        new Properties(),
        Map.of());
  }

  /** The ids of the clients connected to the server now. */
  private Set<String> clientIds() {
    Set<String> ids = new HashSet<>();
    for (String line : ((String) admin.call("CLIENT", "LIST")).split("\n")) {
      Matcher id = Pattern.compile("^id=(\\d+) ").matcher(line);
      if (id.find()) {
        ids.add(id.group(1));
      }
    }
    return ids;
  }

  /**
   * Issue 11, defect 1: our connections are killed while the task runs and cannot come back until
   * the engine's first try to record the outcome has failed (Redis refuses new connections of the
   * default user meanwhile), as in a short reset. The fenced complete is safe to repeat: the engine
   * retries it while the lease lives, renewing it meanwhile, so the other engine replays the
   * outcome instead of taking the key over when the lease runs out.
   */
  @Test
  void aDisconnectAtCompletionIsRetriedWhileTheLeaseLivesAndTheKeyRunsOnce() throws Exception {
    TaskDefinition reconnect =
        Woven.definition("reconnect")
            .lease(Duration.ofSeconds(5))
            .returns(ReturnKind.VALUE, null, Codecs.string())
            .build();
    admin = redis.client();
    Set<String> before = clientIds();
    AtomicInteger failedWrites = new AtomicInteger();
    Engine a =
        engine(
            "closed",
            store ->
                new AfterFailedComplete(
                    store,
                    () -> {
                      if (failedWrites.getAndIncrement() == 0) {
                        admin.call("ACL", "SETUSER", "default", "on"); // the reset is over
                      }
                    }));
    Set<String> ofA = new HashSet<>(clientIds());
    ofA.removeAll(before);
    assertThat(ofA).isNotEmpty();
    Engine b = engine("closed");
    AtomicInteger runs = new AtomicInteger();
    Object first =
        call(
            a,
            a.bind(reconnect),
            "k",
            () -> {
              runs.incrementAndGet();
              admin.call("ACL", "SETUSER", "default", "off"); // no new connections for now
              for (String id : ofA) {
                admin.call("CLIENT", "KILL", "ID", id);
              }
              return "from a";
            });
    assertThat(first).isEqualTo("from a");
    assertThat(failedWrites.get()).isPositive(); // the disconnect did hit the completion
    Object second =
        call(
            b,
            b.bind(reconnect),
            "k",
            () -> {
              runs.incrementAndGet();
              return "from b";
            });
    assertThat(second).isEqualTo("from a");
    assertThat(runs).hasValue(1);
    assertThat(b.metrics().task("reconnect").takeovers()).isZero();
    assertThat(a.metrics().task("reconnect").lostLeases()).isZero();
  }

  /**
   * A complete whose answer is lost to the timeout (Redis paused) may still be applied once Redis
   * runs again; then a retry is refused as lost (or the renewer is told so), but the refusal is of
   * this very outcome. It is an unknown, not a lost lease: the engine keeps its outcome, and the
   * key runs once.
   */
  @Test
  void aRetryRefusedAfterATimedOutCompleteIsUnknownNotALostLease() throws Exception {
    TaskDefinition paused =
        Woven.definition("paused")
            .lease(Duration.ofSeconds(5))
            .returns(ReturnKind.VALUE, null, Codecs.string())
            .build();
    AtomicInteger failedWrites = new AtomicInteger();
    Engine a =
        engine(
            "closed",
            store ->
                new AfterFailedComplete(
                    store,
                    () -> {
                      if (failedWrites.getAndIncrement() == 0) {
                        redis.resume(); // the timed-out complete now runs in Redis
                      }
                    }));
    Engine b = engine("closed");
    AtomicInteger runs = new AtomicInteger();
    BoundTask onA = a.bind(paused);
    Object first =
        call(
            a,
            onA,
            "k",
            () -> {
              runs.incrementAndGet();
              redis.pause();
              return "from a";
            });
    assertThat(first).isEqualTo("from a");
    assertThat(failedWrites.get()).isPositive();
    assertThat(call(a, onA, "k", () -> "again " + runs.incrementAndGet())).isEqualTo("from a");
    assertThat(call(b, b.bind(paused), "k", () -> "from b " + runs.incrementAndGet()))
        .isEqualTo("from a");
    assertThat(runs).hasValue(1);
    // Whether Redis applied the timed-out complete depends on when it ran; either way it is
    // never taken for a lost lease.
    assertThat(a.metrics().task("paused").lostLeases()).isZero();
  }

  /** A real store that runs {@code onFailure} each time a fenced write fails. */
  private static final class AfterFailedComplete implements SharedStore {
    private final SharedStore delegate;
    private final Runnable onFailure;

    AfterFailedComplete(SharedStore delegate, Runnable onFailure) {
      this.delegate = delegate;
      this.onFailure = onFailure;
    }

    @Override
    public Claim claim(ClaimRequest request) {
      return delegate.claim(request);
    }

    @Override
    public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
      try {
        return delegate.complete(key, fence, resultJson, ttl);
      } catch (RuntimeException e) {
        onFailure.run();
        throw e;
      }
    }

    @Override
    public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
      return delegate.fail(key, fence, failure, ttl);
    }

    @Override
    public Completion release(String key, Fence fence) {
      return delegate.release(key, fence);
    }

    @Override
    public List<Lease> renew(List<Lease> leases, Duration lease) {
      return delegate.renew(leases, lease);
    }

    @Override
    public AutoCloseable onChange(String key, Runnable listener) {
      return delegate.onChange(key, listener);
    }

    @Override
    public void close() {
      delegate.close();
    }
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
