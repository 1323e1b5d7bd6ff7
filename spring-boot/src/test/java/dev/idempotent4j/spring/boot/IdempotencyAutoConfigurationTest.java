package dev.idempotent4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.micrometer.IdempotencyMetricsBinder;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class IdempotencyAutoConfigurationTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  IdempotencyAutoConfiguration.class,
                  IdempotencyMetricsAutoConfiguration.class,
                  IdempotencyHealthContributorAutoConfiguration.class));

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  @Test
  void propertiesBecomeTheEngineSettingsUnderTheSameNames() {
    runner
        .withPropertyValues(
            "idempotent4j.prefix=billing",
            "idempotent4j.fail-mode=open",
            "idempotent4j.timeout=500ms",
            "idempotent4j.local.max-size=50")
        .run(
            context -> {
              IdempotencyEngine engine = context.getBean(IdempotencyEngine.class);
              assertThat(engine.settings())
                  .containsExactlyInAnyOrderEntriesOf(
                      Map.of(
                          "prefix", "billing",
                          "fail-mode", "open",
                          "timeout", "500ms",
                          "local.max-size", "50"));
              assertThat(engine.describe()).contains("prefix = billing", "fail-mode = OPEN");
            });
  }

  @Test
  void withoutRedisTheLocalTierServesAlone() {
    runner.run(
        context -> {
          assertThat(context.getBean(IdempotencyEngine.class).settings()).isEmpty();
          assertThat(Idempotency.run("AutoConfig.local", "k", () -> 1)).isEqualTo(1);
          assertThat(Idempotency.run("AutoConfig.local", "k", () -> 2)).isEqualTo(1);
          Health health = context.getBean(IdempotencyHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails()).containsEntry("store", "none (local tier only)");
        });
  }

  @Test
  void aBadValueFailsStartUpNamingTheSettingAndTheAnalyzerExplainsIt() {
    runner
        .withPropertyValues("idempotent4j.fail-mode=sometimes")
        .run(
            context -> {
              Throwable failure = context.getStartupFailure();
              assertThat(failure).hasRootCauseInstanceOf(IdempotencyConfigurationException.class);
              FailureAnalysis analysis =
                  new IdempotencyConfigurationFailureAnalyzer().analyze(failure);
              assertThat(analysis.getDescription())
                  .contains("'fail-mode'", "'sometimes'", "neither 'closed' nor 'open'")
                  .contains("Set as idempotent4j.fail-mode in");
              assertThat(analysis.getAction()).contains("idempotent4j.fail-mode");
            });
  }

  @Test
  void bothRedisAndRedisClusterIsAConfigurationError() {
    runner
        .withPropertyValues(
            "idempotent4j.redis=redis://127.0.0.1:1", "idempotent4j.redis.cluster=redis://h:7000")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IdempotencyConfigurationException.class)
                    .hasMessageContaining("redis")
                    .hasMessageContaining("redis.cluster"));
  }

  @Test
  void closingTheContextShutsTheEngineDown() {
    runner.run(context -> Idempotency.run("AutoConfig.closed", "k", () -> 1));

    assertThat(Idempotency.metrics().task("AutoConfig.closed").executed()).isZero();
  }

  @Test
  void redisPropertyConnectsTheSharedTierAndHealthPingsIt() {
    runner
        .withPropertyValues("idempotent4j.redis=" + redis.uri(), "idempotent4j.prefix=autoconfig")
        .run(
            context -> {
              assertThat(context.getBean(IdempotencyEngine.class).settings())
                  .containsEntry("redis", redis.uri());
              Health health = context.getBean(IdempotencyHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsEntry("store", "redis");

              redis.pause();
              try {
                assertThat(context.getBean(IdempotencyHealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.DOWN);
              } finally {
                redis.resume();
              }
            });
  }

  @Test
  void useSpringReusesTheSpringDataRedisConnection() {
    runner
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(
            "idempotent4j.redis.use-spring=true",
            "spring.data.redis.host=127.0.0.1",
            "spring.data.redis.port=" + redis.port(),
            "spring.data.redis.database=3")
        .run(
            context -> {
              assertThat(context.getBean(IdempotencyEngine.class).settings())
                  .containsEntry("redis", "redis://127.0.0.1:" + redis.port() + "/3");
              Task task =
                  Idempotency.task("AutoConfig.spring")
                      .codec(dev.idempotent4j.runtime.codec.Codecs.string())
                      .build();
              assertThat(task.run("k", () -> "first")).isEqualTo("first");
              assertThat(redis.call("SELECT", "3")).isEqualTo("OK");
            });
  }

  @Test
  void anExplicitRedisSettingBeatsUseSpring() {
    runner
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues(
            "idempotent4j.redis.use-spring=true",
            "idempotent4j.redis=" + redis.uri(),
            "spring.data.redis.host=elsewhere.invalid")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyEngine.class).settings())
                    .containsEntry("redis", redis.uri()));
  }

  @Test
  void withoutUseSpringTheSpringDataRedisConnectionIsNotUsed() {
    runner
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port())
        .run(
            context ->
                assertThat(context.getBean(IdempotencyEngine.class).settings())
                    .doesNotContainKeys("redis", "redis.cluster"));
  }

  @Test
  void useSpringWithoutSpringDataRedisFailsStartUpSayingWhatToAdd() {
    runner
        .withPropertyValues("idempotent4j.redis.use-spring=true")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(IdempotencyConfigurationException.class)
                    .hasMessageContaining("spring-boot-starter-data-redis")
                    .hasMessageContaining("idempotent4j.redis="));
  }

  @Test
  void aSharedStoreBeanIsHandedToTheEngine() {
    SharedStore store = new UnusedStore();
    runner
        .withBean(SharedStore.class, () -> store)
        .run(
            context -> {
              IdempotencyEngine engine = context.getBean(IdempotencyEngine.class);
              assertThat(engine.givenStore()).containsSame(store);
              assertThat(engine.describe()).isNotEmpty();
              assertThat(context.getBean(IdempotencyHealthIndicator.class).health().getStatus())
                  .isEqualTo(Status.UNKNOWN);
            });
  }

  @Test
  void metricsAreBoundOnlyWhenTheApplicationHasARegistry() {
    AtomicReference<MeterRegistry> bound = new AtomicReference<>();
    runner.run(context -> assertThat(context).doesNotHaveBean(IdempotencyMetricsBinder.class));
    runner
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean("refund", Task.class, () -> Idempotency.task("AutoConfig.refund").build())
        .run(
            context -> {
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(IdempotencyMetricsBinder.class).bindTo(registry);
              assertThat(
                      registry
                          .get("idempotent4j.calls")
                          .tags("task", "AutoConfig.refund", "outcome", "executed")
                          .functionCounter()
                          .count())
                  .isZero();
              context.getBean("refund", Task.class).run("order-1", () -> "refunded");
              assertThat(
                      registry
                          .get("idempotent4j.execution")
                          .tag("task", "AutoConfig.refund")
                          .timer()
                          .count())
                  .isEqualTo(1);
              assertThat(
                      registry
                          .get("idempotent4j.in-flight")
                          .tag("task", "AutoConfig.refund")
                          .gauge()
                          .value())
                  .isZero();
              bound.set(registry);
            });
    // Closed with the context: the engine no longer reports to the binder.
    Idempotency.task("AutoConfig.later").build().run("k", () -> "unobserved");
    assertThat(bound.get().find("idempotent4j.execution").tag("task", "AutoConfig.later").meters())
        .isEmpty();
  }

  @Test
  void theHealthIndicatorCanBeTurnedOff() {
    runner
        .withPropertyValues("management.health.idempotent4j.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(IdempotencyHealthIndicator.class));
  }

  @Test
  void anApplicationsOwnEngineBeanWins() {
    runner
        .withBean(
            IdempotencyEngine.class, () -> IdempotencyEngine.start(Map.of("prefix", "own"), null))
        .withPropertyValues("idempotent4j.prefix=ignored")
        .run(
            context ->
                assertThat(context.getBean(IdempotencyEngine.class).settings())
                    .containsEntry("prefix", "own"));
  }

  @Test
  void theEndpointExistsOnlyWhenExposedAndShowsEachTasksCounters() {
    ApplicationContextRunner withEndpoint =
        runner.withConfiguration(AutoConfigurations.of(IdempotencyEndpointAutoConfiguration.class));
    withEndpoint.run(context -> assertThat(context).doesNotHaveBean(IdempotencyEndpoint.class));
    withEndpoint
        .withPropertyValues("management.endpoints.web.exposure.include=idempotency")
        .run(
            context -> {
              Idempotency.run("AutoConfig.endpoint", "k", () -> 1);
              Idempotency.run("AutoConfig.endpoint", "k", () -> 1);
              IdempotencyEndpoint endpoint = context.getBean(IdempotencyEndpoint.class);

              assertThat(endpoint.task("AutoConfig.endpoint").executed()).isEqualTo(1);
              assertThat(endpoint.tasks().tasks()).containsKey("AutoConfig.endpoint");
              assertThat(endpoint.tasks().total().localHits()).isEqualTo(1);
            });
  }

  /** A store that is never called: the tests above run no task on it. */
  private static final class UnusedStore implements SharedStore {
    @Override
    public Claim claim(ClaimRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Completion release(String key, Fence fence) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Lease> renew(List<Lease> leases, Duration lease) {
      throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable onChange(String key, Runnable listener) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
  }
}
