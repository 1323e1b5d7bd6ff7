package dev.idempotent4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.runtime.store.SharedStoreContract;
import dev.idempotent4j.runtime.store.StoredFailure;
import dev.idempotent4j.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The record protocol on PostgreSQL, and how its rows read with psql. */
class PostgresStoreIntegrationTest extends SharedStoreContract {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  private static JdbcStore store;

  @BeforeAll
  static void open() {
    store = Stores.open(pg, true);
  }

  @AfterAll
  static void closeStore() {
    store.close();
  }

  @Override
  protected SharedStore store() {
    return store;
  }

  @Override
  protected SharedStore openAnother() {
    return Stores.open(pg, false);
  }

  @Override
  protected boolean leaseRanOut(String key) {
    Map<String, String> row = row(key);
    return row == null
        || "t"
            .equals(
                query(
                    "SELECT lease_until IS NULL OR lease_until <= clock_timestamp() FROM idempotent4j_record WHERE key = ?",
                    key));
  }

  @Override
  protected void forgetFence(String key) {
    pg.execute("DELETE FROM idempotent4j_record WHERE key = '" + key + "'"); // as the sweeper does
  }

  @Test
  void recordIsReadableWithPsql() {
    String key = newKey();
    Fence fence = claimed(new ClaimRequest(key, "fp-1", "worker-7", LONG, LONG));
    assertThat(row(key))
        .containsEntry("v", "1")
        .containsEntry("state", "running")
        .containsEntry("owner", "worker-7")
        .containsEntry("fence", Long.toString(fence.token()))
        .containsEntry("attempt", "1")
        .containsEntry("fp", "fp-1")
        .containsEntry("result", null);
    store.complete(key, fence, "{\"done\":true}", LONG);
    Map<String, String> done = row(key);
    assertThat(done)
        .containsEntry("state", "completed")
        .containsEntry("result", "{\"done\":true}")
        .containsEntry("lease_until", null);
    assertThat(done.get("done_at")).isNotNull();
    assertThat(query("SELECT result::jsonb ->> 'done' FROM idempotent4j_record WHERE key = ?", key))
        .isEqualTo("true");
  }

  @Test
  void aClaimThatFindsTheRowRunningCountsAWaiterThatATakeoverKeeps() {
    String key = newKey();
    Fence first = claimed(request(key, "w1"));
    assertThat(store.claim(request(key, "w2"))).isInstanceOf(Claim.InProgress.class);
    assertThat(row(key)).containsEntry("waiters", "1");
    Claim.Claimed again = (Claim.Claimed) store.claim(request(key, "w1"));
    assertThat(again.fence().token()).isGreaterThan(first.token());
    assertThat(row(key)).containsEntry("waiters", "1");
    assertThat(store.claim(request(key, "w3"))).isInstanceOf(Claim.InProgress.class);
    assertThat(row(key)).containsEntry("waiters", "2");
  }

  @Test
  void aDuplicateOfACompletedKeyWritesNothingAndDrawsNoToken() {
    String key = newKey();
    Fence fence = claimed(request(key, "w1"));
    store.complete(key, fence, "1", LONG);
    String before = query("SELECT last_value::text FROM idempotent4j_record_fence", null);
    String xmin = query("SELECT xmin::text FROM idempotent4j_record WHERE key = ?", key);
    for (int i = 0; i < 5; i++) {
      assertThat(store.claim(request(key, "w" + i))).isEqualTo(new Claim.Completed("1"));
    }
    assertThat(query("SELECT last_value::text FROM idempotent4j_record_fence", null))
        .isEqualTo(before);
    assertThat(query("SELECT xmin::text FROM idempotent4j_record WHERE key = ?", key))
        .as("the row version: not rewritten")
        .isEqualTo(xmin);
  }

  @Test
  void rowsThatAreNotOursAreCorruptAndLeftUntouched() {
    assertCorrupt("v = 2", "format version 2, newer");
    assertCorrupt("v = 0", "format version v = 0");
    assertCorrupt("state = 'paused'", "state 'paused'");
    assertCorrupt("lease_until = NULL", "running without lease_until");
    assertCorrupt("state = 'completed', result = NULL", "completed without a result");
    assertCorrupt("state = 'failed', error_type = NULL", "failed without an error_type");
  }

  @Test
  void theDocumentedOperatorReleaseBumpsTheFenceSoTheOldOwnerCannotComplete() {
    String key = newKey();
    Fence old = claimed(request(key, "w1"));
    // docs/postgresql.md, "Operations": release one key safely
    pg.execute(
        "UPDATE idempotent4j_record SET state = 'released', lease_until = NULL,"
            + " fence = nextval('idempotent4j_record_fence'),"
            + " expires_at = clock_timestamp() + interval '1 day'"
            + " WHERE key = '"
            + key
            + "' AND state = 'running'");
    assertThat(store.complete(key, old, "\"late\"", LONG)).isEqualTo(Completion.LEASE_LOST);
    Claim.Claimed next = (Claim.Claimed) store.claim(request(key, "w2"));
    assertThat(next.fence().token()).isGreaterThan(old.token());
    assertThat(next.fence().attempt()).isEqualTo(2);
    assertThat(next.takeover()).isFalse();
  }

  @Test
  void theSweeperDeletesExpiredRowsOnly() {
    String expired = newKey();
    String live = newKey();
    store.complete(expired, claimed(request(expired, "w1")), "1", Duration.ofMillis(1));
    store.complete(live, claimed(request(live, "w1")), "1", LONG);
    pg.execute(
        "UPDATE idempotent4j_record SET expires_at = clock_timestamp() - interval '1 s'"
            + " WHERE key = '"
            + expired
            + "'");
    try (JdbcStore sweeping =
        JdbcStore.builder(Stores.dataSource(pg)).sweepEvery(Duration.ofMinutes(10)).build()) {
      assertThat(sweepingRound(sweeping)).isGreaterThanOrEqualTo(1);
    }
    assertThat(row(expired)).isNull();
    assertThat(row(live)).isNotNull();
  }

  private static int sweepingRound(JdbcStore s) {
    return new Sweeper(
            new Connections(Stores.dataSource(pg), Duration.ofSeconds(5)),
            s.statements(),
            Duration.ofHours(1))
        .round();
  }

  private void assertCorrupt(String damage, String what) {
    String key = newKey();
    Fence fence = claimed(request(key, "w1"));
    pg.execute("UPDATE idempotent4j_record SET " + damage + " WHERE key = '" + key + "'");
    Map<String, String> before = row(key);
    assertThatThrownBy(() -> store.claim(request(key, "w2")))
        .isInstanceOf(CorruptRecordException.class)
        .hasMessageContaining(key)
        .hasMessageContaining(what)
        .extracting(e -> ((CorruptRecordException) e).key())
        .isEqualTo(key);
    assertThatThrownBy(() -> store.complete(key, new Fence(1, 1), "1", LONG))
        .isInstanceOf(CorruptRecordException.class);
    assertThatThrownBy(() -> store.fail(key, new Fence(1, 1), new StoredFailure("E", "m"), LONG))
        .isInstanceOf(CorruptRecordException.class);
    assertThatThrownBy(() -> store.release(key, new Fence(1, 1)))
        .isInstanceOf(CorruptRecordException.class);
    assertThat(store.renew(List.of(new Lease(key, fence)), LONG)).hasSize(1);
    assertThat(row(key)).as("row after").isEqualTo(before);
  }

  static Map<String, String> row(String key) {
    try (Connection c = pg.connect();
        PreparedStatement s =
            c.prepareStatement("SELECT * FROM idempotent4j_record WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        if (!r.next()) {
          return null;
        }
        ResultSetMetaData meta = r.getMetaData();
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnName(i), r.getString(i));
        }
        return row;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static String query(String sql, String key) {
    return queryOn(pg, sql, key);
  }

  static String queryOn(PostgresServer server, String sql) {
    return queryOn(server, sql, null);
  }

  static String queryOn(PostgresServer server, String sql, String key) {
    try (Connection c = server.connect();
        PreparedStatement s = c.prepareStatement(sql)) {
      if (key != null) {
        s.setString(1, key);
      }
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
