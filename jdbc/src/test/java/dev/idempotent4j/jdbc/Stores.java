package dev.idempotent4j.jdbc;

import dev.idempotent4j.testing.PostgresServer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Stores and data sources on a fixture's server, for tests. */
final class Stores {
  private Stores() {}

  /** A store over a pool of its own (closed with it), with the default table. */
  static JdbcStore open(PostgresServer pg, boolean createSchema) {
    try {
      DataSource pool = HikariPools.open(pg.url(), pg.user(), pg.password(), Duration.ofSeconds(5));
      return JdbcStore.builder(pool)
          .createSchema(createSchema)
          .timeout(Duration.ofSeconds(5))
          .owning((AutoCloseable) pool)
          .build();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A new connection per call: nothing pooled, so a test sees every connection it causes. */
  static DataSource dataSource(PostgresServer pg) {
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(pg.url(), pg.user(), pg.password());
      }

      @Override
      public Connection getConnection(String user, String password) throws SQLException {
        return DriverManager.getConnection(pg.url(), user, password);
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
      }

      @Override
      public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> type) {
        return false;
      }
    };
  }
}
