package dev.idempotent4j.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The pool the setting {@code jdbc} opens (HikariCP: the usual pool, small, fast, no threads of its
 * own beyond housekeeping). Kept apart so that an application that hands the store its own {@code
 * DataSource} never loads HikariCP, an optional dependency.
 */
final class HikariPools {
  /** Each step holds a connection for one statement: a few serve many threads. */
  static final int SIZE = 8;

  private HikariPools() {}

  static HikariDataSource open(String url, String user, String password, Duration timeout)
      throws SQLException {
    HikariConfig config = new HikariConfig();
    config.setPoolName("idempotent4j-jdbc");
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(SIZE);
    config.setMinimumIdle(1);
    // waiting for a connection counts against the step's timeout (Hikari's floor is 250ms)
    config.setConnectionTimeout(Math.max(250, timeout.toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(timeout.toMillis(), 5000)));
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    config.addDataSourceProperty("connectTimeout", Long.toString(seconds));
    config.addDataSourceProperty("loginTimeout", Long.toString(seconds));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "idempotent4j");
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      if (e.getCause() instanceof SQLException s) {
        throw s;
      }
      throw new SQLException(e.getMessage(), "08001", e);
    }
  }
}
