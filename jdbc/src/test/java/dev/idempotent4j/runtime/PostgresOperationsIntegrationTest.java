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

/** show, list and release on the PostgreSQL store: the same contract Redis passes. */
class PostgresOperationsIntegrationTest extends SharedOperationsContract {
  @RegisterExtension static final PostgresServer pg = PostgresServer.start();

  @Override
  Map<String, String> storeSetting() {
    return Map.of(
        "jdbc", pg.url(),
        "jdbc.user", pg.user(),
        "jdbc.password", pg.password(),
        "jdbc.create-schema", "true");
  }

  @Override
  void plantGarbage(String key) {
    pg.execute(
        "INSERT INTO idempotent4j_record (key, v, state, owner, fence, attempt, claimed_at,"
            + " expires_at) VALUES ('"
            + key
            + "', 7, 'from the future', 'someone', 1, 1, now(), now() + interval '1 hour')");
  }

  @Override
  Object snapshot(String key) {
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
}
