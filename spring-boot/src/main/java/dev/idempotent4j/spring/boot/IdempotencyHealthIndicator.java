package dev.idempotent4j.spring.boot;

import dev.idempotent4j.Durations;
import dev.idempotent4j.runtime.TaskMetrics;
import dev.idempotent4j.runtime.redis.RedisPing;
import dev.idempotent4j.runtime.redis.RedisSettings;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of idempotent4j's shared store, as the contributor {@code idempotent4j}: {@code UP}
 * when the Redis of the settings answers a {@code PING} (on a connection of the indicator's own; no
 * record is written), {@code DOWN} with the error when it does not; {@code UP} with {@code store:
 * none} when the local tier serves alone, and {@code UNKNOWN} for a store the application built
 * itself, which offers no probe yet. Details also carry the engine's store errors and fail-open
 * runs since it started.
 *
 * <pre>{@code
 * GET /actuator/health/idempotent4j
 * {"status":"UP","details":{"store":"redis","target":"redis://cache:6379","ping":"1 ms",
 *   "storeErrors":0,"failOpenRuns":0}}
 * }</pre>
 */
public class IdempotencyHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

  /** The runtime's default of the setting {@code timeout}. */
  private static final String DEFAULT_TIMEOUT = "2s";

  private final IdempotencyEngine engine;
  private final RedisPing ping;

  /** An indicator of {@code engine}'s store. */
  public IdempotencyHealthIndicator(IdempotencyEngine engine) {
    super("idempotent4j health check failed");
    this.engine = engine;
    this.ping = engine.givenStore().isPresent() ? null : redisPing(engine.settings());
  }

  private static RedisPing redisPing(Map<String, String> settings) {
    Duration timeout = Durations.parse(settings.getOrDefault("timeout", DEFAULT_TIMEOUT));
    return RedisSettings.from(settings.get("redis"), settings.get("redis.cluster"), timeout)
        .map(RedisPing::to)
        .orElse(null);
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    TaskMetrics total = engine.metrics().total();
    builder
        .withDetail("storeErrors", total.storeErrors())
        .withDetail("failOpenRuns", total.failOpenRuns());
    if (engine.givenStore().isPresent()) {
      builder
          .unknown()
          .withDetail("store", engine.givenStore().get().getClass().getName())
          .withDetail("reason", "a store built by the application offers no probe");
      return;
    }
    if (ping == null) {
      builder.up().withDetail("store", "none (local tier only)");
      return;
    }
    builder.withDetail("store", "redis").withDetail("target", ping.target());
    Duration roundTrip = ping.ping(); // throws StoreUnavailableException: DOWN with the error
    builder.up().withDetail("ping", roundTrip.toMillis() + " ms");
  }

  @Override
  public void close() {
    if (ping != null) {
      ping.close();
    }
  }
}
