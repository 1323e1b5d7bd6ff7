package dev.idempotent4j.runtime.multijvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.testing.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idempotent sink on PostgreSQL across real JVMs: each delivery inserts a payout in a
 * transaction the task joins. The payout table has no unique constraint on purpose: a second
 * application of an event would show as a second row.
 */
class PostgresSinkMultiJvmIT {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  private static final Duration ANSWER = Duration.ofSeconds(120);
  private final List<WorkerJvm> workers = new ArrayList<>();

  @BeforeAll
  static void schema() {
    pg.execute("CREATE TABLE payout (id bigserial PRIMARY KEY, event_id text NOT NULL, cents int)");
  }

  @AfterEach
  void stop() {
    workers.forEach(WorkerJvm::close);
  }

  private List<WorkerJvm> start(int n) {
    for (int i = 0; i < n; i++) {
      workers.add(WorkerJvm.start("sink" + i, SinkWorker.class));
    }
    workers.forEach(WorkerJvm::awaitReady);
    String settings =
        "configure jdbc="
            + pg.url()
            + " jdbc.user="
            + pg.user()
            + " jdbc.password="
            + pg.password()
            + " jdbc.create-schema=true prefix=s"
            + UUID.randomUUID().toString().substring(0, 8);
    for (WorkerJvm w : workers) {
      w.call(settings, ANSWER);
    }
    return workers;
  }

  @Test
  void aWorkerKilledBeforeItsCommitLeavesNothingAndTheRedeliveryAppliesOnce() {
    List<WorkerJvm> jvms = start(2);
    pg.execute("TRUNCATE payout");
    jvms.get(0).send("hold e-killed");
    jvms.get(0).expect("inserted", ANSWER); // payout inserted, record written, not committed
    jvms.get(0).kill();

    assertThat(count("SELECT count(*) FROM payout WHERE event_id = 'e-killed'")).isZero();
    assertThat(count("SELECT count(*) FROM idempotent4j_record WHERE key LIKE '%:e-killed'"))
        .isZero();
    String first = jvms.get(1).call("deliver e-killed", ANSWER);
    String again = jvms.get(1).call("deliver e-killed", ANSWER);
    assertThat(WorkerJvm.field(again, "value")).isEqualTo(WorkerJvm.field(first, "value"));
    assertThat(count("SELECT count(*) FROM payout WHERE event_id = 'e-killed'")).isEqualTo(1);
  }

  @Test
  void twoHundredEventsDeliveredUpToThreeTimesToThreeJvmsOneKilledGiveTwoHundredPayouts()
      throws Exception {
    List<WorkerJvm> jvms = start(3);
    pg.execute("TRUNCATE payout");
    for (int i = 0; i < jvms.size(); i++) {
      jvms.get(i).send("sink 200 4 " + (17 + i));
    }
    Thread.sleep(1500); // mid-run
    jvms.get(2).kill();
    for (WorkerJvm jvm : jvms.subList(0, 2)) {
      jvm.expect("ok", ANSWER);
    }
    assertThat(count("SELECT count(*) FROM payout")).isEqualTo(200);
    assertThat(count("SELECT count(DISTINCT event_id) FROM payout")).isEqualTo(200);
    assertThat(count("SELECT count(*) FROM idempotent4j_record WHERE state = 'completed'"))
        .isGreaterThanOrEqualTo(200);
  }

  private static int count(String sql) {
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
