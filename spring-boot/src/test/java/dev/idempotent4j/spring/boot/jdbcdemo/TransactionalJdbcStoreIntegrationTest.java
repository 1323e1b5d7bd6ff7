package dev.idempotent4j.spring.boot.jdbcdemo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.jdbc.JdbcStore;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.spring.boot.IdempotencyEngine;
import dev.idempotent4j.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code idempotent4j.jdbc.use-spring=true} on a real PostgreSQL: the store uses Boot's {@code
 * DataSource}, and a task inside a {@code @Transactional} method records in that transaction.
 */
@DirtiesContext
@SpringBootTest(
    classes = PayoutApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = {
      "spring.autoconfigure.exclude=",
      "idempotent4j.jdbc.use-spring=true",
      "idempotent4j.jdbc.create-schema=true",
      "idempotent4j.prefix=spring-tx"
    })
class TransactionalJdbcStoreIntegrationTest {

  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  @Autowired PayoutApplication.Payouts payouts;
  @Autowired JdbcTemplate jdbc;
  @Autowired IdempotencyEngine engine;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry properties) {
    properties.add("spring.datasource.url", pg::url);
    properties.add("spring.datasource.username", pg::user);
    properties.add("spring.datasource.password", pg::password);
  }

  @BeforeAll
  static void schema() {
    pg.execute("CREATE TABLE IF NOT EXISTS payout (event_id text NOT NULL)");
  }

  @AfterAll
  static void reset() {
    Idempotency.reset();
  }

  @Test
  void theEngineRunsOnAStoreOverTheApplicationsDataSource() {
    assertThat(engine.givenStore()).containsInstanceOf(JdbcStore.class);
    assertThat(engine.settings()).doesNotContainKey("jdbc");
  }

  @Test
  void aRollbackAfterTheTaskLeavesNeitherTheRowNorTheRecord() {
    assertThatThrownBy(() -> payouts.pay("evt-rollback", true))
        .isInstanceOf(IllegalStateException.class);

    assertThat(rows("evt-rollback")).isZero();
    assertThat(records("evt-rollback")).isZero();
  }

  @Test
  void aRetryAfterTheRollbackRunsOnceAndADuplicateReplays() {
    int before = payouts.executions();
    assertThatThrownBy(() -> payouts.pay("evt-retry", true))
        .isInstanceOf(IllegalStateException.class);

    assertThat(payouts.pay("evt-retry", false)).isEqualTo("paid evt-retry");
    assertThat(rows("evt-retry")).isOne();
    assertThat(records("evt-retry")).isOne();
    assertThat(payouts.executions()).isEqualTo(before + 2);

    assertThat(payouts.pay("evt-retry", false)).isEqualTo("paid evt-retry");
    assertThat(rows("evt-retry")).isOne();
    assertThat(payouts.executions()).isEqualTo(before + 2);
  }

  @Test
  void outsideATransactionTheStoreRecordsOnConnectionsOfItsOwn() {
    String receipt =
        Idempotency.task("Jdbc.standalone")
            .codec(dev.idempotent4j.runtime.codec.Codecs.string())
            .build()
            .run("evt-plain", () -> "plain");

    assertThat(receipt).isEqualTo("plain");
    assertThat(records("evt-plain")).isOne();
  }

  private int rows(String eventId) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM payout WHERE event_id = ?", Integer.class, eventId);
  }

  private int records(String key) {
    return jdbc.queryForObject(
        "SELECT count(*) FROM idempotent4j_record WHERE key LIKE ?", Integer.class, "%:" + key);
  }
}
