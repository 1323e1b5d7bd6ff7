package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Builds a {@link JdbcStore} over a {@code DataSource}.
 *
 * <pre>{@code
 * JdbcStore store = JdbcStore.builder(dataSource)
 *     .table("billing.idempotent4j_record") // default idempotent4j_record
 *     .createSchema(true)                   // default false: migrations create it
 *     .timeout(Duration.ofMillis(500))      // default 2s
 *     .build();
 * }</pre>
 */
public final class JdbcStoreBuilder {
  /** A table name, optionally schema-qualified: lower-case SQL identifiers, never quoted. */
  static final Pattern TABLE = Pattern.compile("([a-z_][a-z0-9_]{0,40}\\.)?[a-z_][a-z0-9_]{0,40}");

  static final String DEFAULT_TABLE = "idempotent4j_record";

  private final DataSource dataSource;
  private String table = DEFAULT_TABLE;
  private boolean createSchema;
  private Duration timeout = Duration.ofSeconds(2);
  private Duration sweepEvery = Duration.ofSeconds(30);
  private AutoCloseable owned;
  private AmbientTransaction ambient;

  JdbcStoreBuilder(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * The record table: {@code name} or {@code schema.name}, lower-case letters, digits and {@code
   * _}.
   */
  public JdbcStoreBuilder table(String table) {
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException(
          "table '"
              + table
              + "' is not a lower-case SQL name (name or schema.name of a-z, 0-9, _; at most 41"
              + " characters each)");
    }
    this.table = table;
    return this;
  }

  /** Whether {@link #build} creates the table and sequence when missing (schema-v1.sql). */
  public JdbcStoreBuilder createSchema(boolean createSchema) {
    this.createSchema = createSchema;
    return this;
  }

  /** How long one step may take before it fails with {@link StoreUnavailableException}. */
  public JdbcStoreBuilder timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** How often expired rows are swept (default 30s). */
  public JdbcStoreBuilder sweepEvery(Duration sweepEvery) {
    this.sweepEvery = Objects.requireNonNull(sweepEvery, "sweepEvery");
    return this;
  }

  /**
   * Joins the framework's transaction of the calling thread, where there is one: its tasks then
   * record on that transaction's connection as inside {@link JdbcTransaction#join}. Default none.
   */
  public JdbcStoreBuilder ambientTransaction(AmbientTransaction ambient) {
    this.ambient = Objects.requireNonNull(ambient, "ambient");
    return this;
  }

  /** Something the store closes with itself (the pool it was opened with). */
  JdbcStoreBuilder owning(AutoCloseable owned) {
    this.owned = owned;
    return this;
  }

  /**
   * Connects once to check (or create) the schema, and opens the store.
   *
   * @throws StoreUnavailableException if the database cannot be reached
   * @throws IdempotencyConfigurationException if the table is missing, foreign or of a newer
   *     format, or the database refuses the credentials
   */
  public JdbcStore build() {
    String identity;
    try (Connection c = dataSource.getConnection()) {
      c.setNetworkTimeout(Runnable::run, (int) Math.max(1, timeout.toMillis()));
      if (createSchema) {
        Schema.create(c, table);
      }
      identity = Schema.check(c, table);
    } catch (SQLException e) {
      throw StartupErrors.of(e, timeout);
    }
    return new JdbcStore(
        new Connections(dataSource, timeout),
        new Statements(table),
        sweepEvery,
        identity,
        owned,
        ambient);
  }
}
