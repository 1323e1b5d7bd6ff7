package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.IdempotencyException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import java.sql.SQLException;
import java.time.Duration;

/**
 * What a failure to open the store means: the database refused the configuration (credentials, a
 * missing database, privileges: fix a setting) or could not be reached (the engine retries).
 */
final class StartupErrors {
  private StartupErrors() {}

  static IdempotencyException of(SQLException e, Duration timeout) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("28")) {
      return new IdempotencyConfigurationException(
          "idempotent4j settings 'jdbc.user' / 'jdbc.password': PostgreSQL refused the"
              + " credentials ("
              + Connections.describe(e)
              + "). Set the user and password of a role that may use the table.",
          e);
    }
    if (state.equals("3D000")) {
      return new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc': the database in the URL does not exist ("
              + Connections.describe(e)
              + "). Fix the database name in the URL.",
          e);
    }
    if (state.equals("42501")) {
      return new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc.user': the role may not use the record table ("
              + Connections.describe(e)
              + "). GRANT SELECT, INSERT, UPDATE, DELETE on it and USAGE on its _fence sequence.",
          e);
    }
    return new StoreUnavailableException(
        "Cannot reach the PostgreSQL store within "
            + timeout
            + " ("
            + Connections.describe(e)
            + "). Check idempotent4j.jdbc and that the database runs.",
        e);
  }
}
