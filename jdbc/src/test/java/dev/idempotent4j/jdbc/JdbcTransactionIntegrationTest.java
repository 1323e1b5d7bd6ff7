package dev.idempotent4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.OnInProgress;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyException;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.TaskInProgressException;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Outcomes that commit, or roll back, with the application's transaction. */
class JdbcTransactionIntegrationTest {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
  private final AtomicInteger runs = new AtomicInteger();

  @BeforeAll
  static void schema() {
    Stores.open(pg, true).close();
    pg.execute("CREATE TABLE IF NOT EXISTS payout (event_id text PRIMARY KEY, cents bigint)");
  }

  private JdbcStore store;

  @BeforeEach
  void configure() {
    store = Stores.open(pg, false);
    Idempotency.configure(Map.of("prefix", prefix), store);
  }

  @AfterEach
  void reset() {
    Idempotency.reset();
    store.close(); // the application's: the engine leaves it open
  }

  private Task task(OnInProgress onInProgress) {
    return Idempotency.task("Payouts.apply")
        .codec(Codecs.string())
        .onInProgress(onInProgress)
        .waitTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** The business write and the task, as the application does it: one joined transaction. */
  private String apply(Connection c, Task task, String event) throws Exception {
    return JdbcTransaction.join(
        c,
        () ->
            task.run(
                event,
                () -> {
                  runs.incrementAndGet();
                  insertPayout(c, event);
                  return "paid " + event;
                }));
  }

  @Test
  void theRecordCommitsWithTheBusinessRowAndADuplicateReplays() throws Exception {
    Task task = task(OnInProgress.WAIT);
    String event = prefix + "-e1";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      assertThat(apply(c, task, event)).isEqualTo("paid " + event);
      c.commit();
    }
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      assertThat(apply(c, task, event)).isEqualTo("paid " + event);
      c.commit();
    }
    assertThat(runs).hasValue(1);
    assertThat(payouts(event)).isEqualTo(1);
    assertThat(state(event)).isEqualTo("completed");
  }

  @Test
  void aRollbackLeavesNeitherAndTheRetryRunsOnceEvenInTheSameJvm() throws Exception {
    Task task = task(OnInProgress.WAIT);
    String event = prefix + "-e2";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      apply(c, task, event);
      c.rollback();
    }
    assertThat(payouts(event)).isZero();
    assertThat(state(event)).isNull();
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      apply(c, task, event); // the local tier did not keep the rolled-back outcome
      c.commit();
    }
    assertThat(runs).hasValue(2);
    assertThat(payouts(event)).isEqualTo(1);
  }

  @Test
  void aDuplicateWaitsForTheCommitAndReplaysWithoutBlockingOnTheRow() throws Exception {
    Task task = task(OnInProgress.WAIT);
    String event = prefix + "-e3";
    CountDownLatch applied = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> first =
        CompletableFuture.runAsync(
            () -> {
              try (Connection c = pg.connect()) {
                c.setAutoCommit(false);
                apply(c, task, event);
                applied.countDown();
                commit.await();
                c.commit();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(applied.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<String> duplicate =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection c = pg.connect()) {
                c.setAutoCommit(false);
                String value = apply(c, task, event);
                c.commit();
                return value;
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    Thread.sleep(300); // it waits meanwhile: the outcome is not committed
    assertThat(duplicate).isNotDone();
    commit.countDown();
    first.get(20, TimeUnit.SECONDS);
    assertThat(duplicate.get(20, TimeUnit.SECONDS)).isEqualTo("paid " + event);
    assertThat(runs).hasValue(1);
    assertThat(payouts(event)).isEqualTo(1);
  }

  @Test
  void withThrowADuplicateOfAnUncommittedClaimAnswersAtOnceAndItsTransactionStaysUsable()
      throws Exception {
    String event = prefix + "-e4";
    try (Connection holder = pg.connect();
        Connection other = pg.connect()) {
      holder.setAutoCommit(false);
      apply(holder, task(OnInProgress.WAIT), event);
      other.setAutoCommit(false);
      long start = System.nanoTime();
      assertThatThrownBy(() -> apply(other, task(OnInProgress.THROW), event))
          .isInstanceOf(TaskInProgressException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      // not aborted: the application may go on with its transaction
      try (PreparedStatement s = other.prepareStatement("SELECT 1")) {
        s.executeQuery().close();
      }
      other.rollback();
      holder.commit();
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void aTaskThatThrowsRecordsItsReleaseInTheTransaction() throws Exception {
    Task task = task(OnInProgress.WAIT);
    String event = prefix + "-e5";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      assertThatThrownBy(
              () ->
                  JdbcTransaction.join(
                      c,
                      () ->
                          task.run(
                              event,
                              () -> {
                                throw new IllegalStateException("gateway down");
                              })))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("gateway down");
      c.commit(); // the application chose to commit its other work
    }
    assertThat(state(event)).isEqualTo("released");
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      apply(c, task, event);
      c.commit();
    }
    assertThat(payouts(event)).isEqualTo(1);
  }

  @Test
  void aTaskWhoseOwnSqlFailedLeavesARollbackOnlyTransaction() throws Exception {
    Task task = task(OnInProgress.WAIT);
    String event = prefix + "-e6";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      assertThatThrownBy(
              () ->
                  JdbcTransaction.join(
                      c,
                      () ->
                          task.run(
                              event,
                              () -> {
                                insertPayout(c, event);
                                insertPayout(c, event); // duplicate key: the transaction aborts
                                return "never";
                              })))
          .hasRootCauseInstanceOf(SQLException.class);
      c.rollback();
    }
    assertThat(state(event)).isNull();
    assertThat(payouts(event)).isZero();
  }

  @Test
  void nestedTasksCommitTogether() throws Exception {
    Task outer = task(OnInProgress.WAIT);
    Task inner = Idempotency.task("Payouts.notify").codec(Codecs.string()).build();
    String event = prefix + "-e7";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      JdbcTransaction.join(
          c, () -> outer.run(event, () -> inner.run(event, () -> "notified " + event)));
      c.rollback();
    }
    assertThat(state(event)).isNull();
    assertThat(count("SELECT count(*) FROM idempotent4j_record WHERE key LIKE '%" + event + "'"))
        .isZero();
  }

  @Test
  void aJoinedTaskRunningLongerThanItsLeaseStillCommitsItsOutcome() throws Exception {
    Task brief =
        Idempotency.task("Payouts.slow")
            .codec(Codecs.string())
            .lease(Duration.ofMillis(300))
            .build();
    String event = prefix + "-e9";
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      JdbcTransaction.join(
          c,
          () ->
              brief.run(
                  event,
                  () -> {
                    sleep(1000); // the transaction holds the key, not the lease
                    insertPayout(c, event);
                    return "slow";
                  }));
      c.commit();
    }
    assertThat(
            PostgresStoreIntegrationTest.queryOn(
                pg,
                "SELECT state FROM idempotent4j_record WHERE key = ?",
                prefix + ":Payouts.slow:" + event))
        .isEqualTo("completed");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anAutoCommitConnectionIsRefused() throws Exception {
    try (Connection c = pg.connect()) {
      assertThatThrownBy(() -> JdbcTransaction.join(c, () -> null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("setAutoCommit(false)");
    }
  }

  @Test
  void aConnectionToAnotherDatabaseIsAClearError() throws Exception {
    pg.execute("DROP DATABASE IF EXISTS other", "CREATE DATABASE other");
    String url = pg.url().replace("/postgres", "/other");
    try (Connection c = java.sql.DriverManager.getConnection(url, pg.user(), pg.password())) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> apply(c, task(OnInProgress.WAIT), prefix + "-e8"))
          .isInstanceOf(IdempotencyException.class)
          .hasMessageContaining("another database");
      c.rollback();
    }
    assertThat(runs).hasValue(0);
  }

  @Test
  void withoutAPostgresStoreJoinIsAClearError() throws Exception {
    Idempotency.reset();
    store.close();
    Idempotency.configure(Map.of("prefix", prefix));
    try (Connection c = pg.connect()) {
      c.setAutoCommit(false);
      assertThatThrownBy(() -> JdbcTransaction.join(c, () -> null))
          .isInstanceOf(IdempotencyException.class)
          .hasMessageContaining("no PostgreSQL store");
    }
  }

  static void insertPayout(Connection c, String event) {
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO payout (event_id, cents) VALUES (?, 100)")) {
      s.setString(1, event);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int payouts(String event) {
    return count("SELECT count(*) FROM payout WHERE event_id = '" + event + "'");
  }

  private String state(String event) {
    return PostgresStoreIntegrationTest.queryOn(
        pg,
        "SELECT state FROM idempotent4j_record WHERE key = ?",
        prefix + ":Payouts.apply:" + event);
  }

  private static int count(String sql) {
    return Integer.parseInt(PostgresStoreIntegrationTest.queryOn(pg, sql));
  }
}
