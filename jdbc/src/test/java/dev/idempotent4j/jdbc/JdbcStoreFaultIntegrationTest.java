package dev.idempotent4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testing.Eventually;
import dev.idempotent4j.testing.PostgresServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database away, slow or misconfigured: the fail mode (nothing runs) within the timeout, and
 * start-up errors that name the setting and the fix. This class's server is killed and paused.
 */
class JdbcStoreFaultIntegrationTest {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private final String prefix = "f" + UUID.randomUUID().toString().substring(0, 8);

  @AfterEach
  void reset() {
    Idempotency.reset();
  }

  private Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("jdbc", pg.url());
    settings.put("jdbc.user", pg.user());
    settings.put("jdbc.password", pg.password());
    settings.put("jdbc.create-schema", "true");
    settings.put("timeout", TIMEOUT.toMillis() + "ms");
    settings.put("prefix", prefix);
    return settings;
  }

  private static Task task() {
    return Idempotency.task("Faults.run").codec(Codecs.string()).build();
  }

  @Test
  void aStoppedDatabaseFailsClosedWithinTheTimeoutAndNothingRuns() {
    Idempotency.configure(settings());
    Task task = task();
    assertThat(task.run("before", () -> "ran")).isEqualTo("ran");
    pg.kill();
    try {
      AtomicInteger runs = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        String key = "k" + i;
        assertThatThrownBy(() -> task.run(key, () -> "ran " + runs.incrementAndGet()))
            .isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(700));
      }
      assertThat(runs).hasValue(0);
    } finally {
      pg.restart();
    }
    assertThat(recovered(task, "after")).isEqualTo("ran again");
  }

  @Test
  void aPausedDatabaseFailsClosedWithinTheTimeoutAndNothingRuns() {
    Idempotency.configure(settings());
    Task task = task();
    assertThat(task.run("warm", () -> "ran")).isEqualTo("ran");
    pg.pause();
    try {
      AtomicInteger runs = new AtomicInteger();
      long start = System.nanoTime();
      assertThatThrownBy(() -> task.run("paused", () -> "ran " + runs.incrementAndGet()))
          .isInstanceOf(StoreUnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.plusMillis(700));
      assertThat(runs).hasValue(0);
    } finally {
      pg.resume();
    }
    assertThat(recovered(task, "resumed")).isEqualTo("ran again");
  }

  /** The pool reconnects in the background: calls fail closed until it did. */
  private static String recovered(Task task, String key) {
    return Eventually.poll(
        Duration.ofSeconds(15),
        "the store to answer again",
        () -> {
          try {
            return Optional.of(task.run(key, () -> "ran again"));
          } catch (StoreUnavailableException e) {
            return Optional.empty();
          }
        });
  }

  @Test
  void wrongCredentialsAreAStartUpErrorNamingTheSettings() {
    Map<String, String> settings = settings();
    settings.put("jdbc.password", "wrong");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("jdbc.password")
        .hasMessageContaining("refused the credentials");
  }

  @Test
  void aUrlThatIsNotPostgresIsAStartUpErrorNamingTheSetting() {
    Map<String, String> settings = settings();
    settings.put("jdbc", "jdbc:mysql://localhost/app");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("'jdbc'")
        .hasMessageContaining("jdbc:postgresql://");
  }

  @Test
  void aMissingTableIsAStartUpErrorWithTheFix() {
    Map<String, String> settings = settings();
    settings.put("jdbc.create-schema", "false");
    settings.put("jdbc.table", "nobody_made_this");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("jdbc.table")
        .hasMessageContaining("does not exist")
        .hasMessageContaining("jdbc.create-schema=true");
  }

  @Test
  void aTableOfANewerSchemaIsAStartUpError() {
    Map<String, String> settings = settings();
    settings.put("jdbc.table", "future_record");
    Idempotency.configure(settings); // creates it
    Idempotency.reset();
    pg.execute("COMMENT ON TABLE future_record IS 'idempotent4j record, schema 2'");
    settings.put("jdbc.create-schema", "false");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("schema 2, newer than this idempotent4j reads (1)");
  }

  @Test
  void aForeignTableOfTheSameNameIsAStartUpError() {
    pg.execute("CREATE TABLE IF NOT EXISTS someone_elses (id int)");
    Map<String, String> settings = settings();
    settings.put("jdbc.create-schema", "false");
    settings.put("jdbc.table", "someone_elses");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("not an idempotent4j record table");
  }

  @Test
  void jdbcAndRedisTogetherAreAConfigurationError() {
    Map<String, String> settings = settings();
    settings.put("redis", "redis://127.0.0.1:1");
    assertThatThrownBy(() -> Idempotency.configure(settings))
        .isInstanceOf(IdempotencyConfigurationException.class)
        .hasMessageContaining("jdbc")
        .hasMessageContaining("redis");
  }
}
