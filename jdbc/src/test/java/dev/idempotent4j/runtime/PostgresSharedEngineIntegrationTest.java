package dev.idempotent4j.runtime;

import dev.idempotent4j.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The engine contract that Redis passes, unchanged, on the PostgreSQL store (the setting {@code
 * jdbc}, its own HikariCP pool per engine, as separate JVMs would have).
 */
class PostgresSharedEngineIntegrationTest extends SharedEngineContract {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  @Override
  Map<String, String> storeSetting() {
    return Map.of(
        "jdbc", pg.url(),
        "jdbc.user", pg.user(),
        "jdbc.password", pg.password(),
        "jdbc.create-schema", "true");
  }

  private String key(String task, String key) {
    return prefix + ":" + task + ":" + key;
  }

  @Override
  String recordField(String task, String key, String field) {
    Map<String, String> row = row(task, key);
    if (row == null) {
      return null;
    }
    return row.get(field.equals("token") ? "fence" : field);
  }

  @Override
  void plantGarbage(String task, String key) {
    pg.execute(
        "INSERT INTO idempotent4j_record (key, v, state, owner, fence, attempt, claimed_at,"
            + " expires_at) VALUES ('"
            + key(task, key)
            + "', 7, 'from the future', 'someone', 1, 1, now(), now() + interval '1 hour')");
  }

  @Override
  Object snapshot(String task, String key) {
    return row(task, key);
  }

  @Override
  boolean outcomeExpired(String task, String key) {
    Map<String, String> row = row(task, key);
    return row == null || "t".equals(row.get("expired"));
  }

  @Override
  boolean claimLapsed(String task, String key) {
    Map<String, String> row = row(task, key);
    return row == null || !"t".equals(row.get("lease_live"));
  }

  private Map<String, String> row(String task, String key) {
    try (Connection c = pg.connect();
        PreparedStatement s =
            c.prepareStatement(
                "SELECT *, expires_at <= clock_timestamp() AS expired,"
                    + " coalesce(lease_until > clock_timestamp(), false) AS lease_live"
                    + " FROM idempotent4j_record"
                    + " WHERE key = ?")) {
      s.setString(1, key(task, key));
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
}
