package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * Borrows a connection from the data source for one step, bounded by the timeout: the connection's
 * network timeout makes a database that is down, paused or slower than the timeout fail the step
 * with {@link StoreUnavailableException} (the driver then closes that connection, and the pool
 * drops it). The application's network timeout is put back before the connection returns.
 */
final class Connections {
  /** setNetworkTimeout aborts through this; the driver only closes the socket there. */
  private static final Executor ABORT = Runnable::run;

  final DataSource dataSource;
  final Duration timeout;

  Connections(DataSource dataSource, Duration timeout) {
    this.dataSource = dataSource;
    this.timeout = timeout;
  }

  /** One step of the store on a connection. */
  interface Work<T> {
    T on(Connection connection) throws SQLException;
  }

  <T> T run(String key, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      int before = c.getNetworkTimeout();
      c.setNetworkTimeout(ABORT, (int) Math.max(1, timeout.toMillis()));
      boolean autoCommit = c.getAutoCommit();
      if (!autoCommit) {
        c.setAutoCommit(true); // each step is its own transaction
      }
      try {
        return work.on(c);
      } finally {
        // the application's pool gets its connection back as it lent it (corrupt rows throw here)
        if (!c.isClosed()) {
          c.setNetworkTimeout(ABORT, before);
          c.setAutoCommit(autoCommit);
        }
      }
    } catch (SQLException e) {
      throw unavailable(key, e, timeout);
    }
  }

  /** A new connection held apart from the pool's work (LISTEN), bounded by the timeout. */
  Connection open() throws SQLException {
    Connection c = dataSource.getConnection();
    c.setNetworkTimeout(ABORT, (int) Math.max(1, timeout.toMillis()));
    c.setAutoCommit(true);
    return c;
  }

  static StoreUnavailableException unavailable(String key, SQLException e, Duration timeout) {
    return new StoreUnavailableException(
        "PostgreSQL store did not answer for key '"
            + key
            + "' within "
            + timeout
            + " ("
            + describe(e)
            + "). Check that the database runs and that idempotent4j.timeout suits it.",
        e);
  }

  static String describe(SQLException e) {
    String state = e.getSQLState();
    return (state == null ? "" : "SQLSTATE " + state + ": ") + e.getMessage();
  }
}
