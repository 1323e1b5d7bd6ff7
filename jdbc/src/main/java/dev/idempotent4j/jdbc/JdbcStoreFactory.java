package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.SharedStoreFactory;
import dev.idempotent4j.runtime.store.StoreSettings;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * PostgreSQL as the shared store, chosen by the setting {@code jdbc} (a {@code
 * jdbc:postgresql://...} URL), with {@code jdbc.user}, {@code jdbc.password}, {@code jdbc.table}
 * and {@code jdbc.create-schema}. It opens a small HikariCP pool from the URL. Registered through
 * {@code META-INF/services}; applications never call it (with a {@code DataSource} of their own,
 * they build a {@link JdbcStore} instead).
 *
 * <pre>{@code
 * // -Didempotent4j.jdbc=jdbc:postgresql://db/app -Didempotent4j.jdbc.user=app selects it; so does:
 * Idempotency.configure(Map.of("jdbc", "jdbc:postgresql://db/app", "jdbc.user", "app"));
 * }</pre>
 */
public final class JdbcStoreFactory implements SharedStoreFactory {
  private static final String URL = "jdbc";
  private static final String USER = "jdbc.user";
  private static final String PASSWORD = "jdbc.password";
  private static final String TABLE = "jdbc.table";
  private static final String CREATE_SCHEMA = "jdbc.create-schema";

  /** Called by {@link java.util.ServiceLoader}. */
  public JdbcStoreFactory() {}

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public List<String> settingNames() {
    return List.of(URL, USER, PASSWORD, TABLE, CREATE_SCHEMA);
  }

  @Override
  public boolean isSelected(StoreSettings settings) {
    return settings.value(URL).isPresent();
  }

  @Override
  public void validate(StoreSettings settings) {
    String url = settings.value(URL).orElseThrow();
    if (!url.startsWith("jdbc:postgresql:")) {
      throw settings.invalid(
          URL,
          "it is not a PostgreSQL JDBC URL",
          "Use jdbc:postgresql://host[:port]/database[?options].");
    }
    boolean parsed;
    try {
      parsed = org.postgresql.Driver.parseURL(url, null) != null;
    } catch (NoClassDefFoundError e) {
      throw new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc' needs the PostgreSQL JDBC driver on the class path"
              + " (org.postgresql:postgresql).",
          e);
    }
    if (!parsed) {
      throw settings.invalid(
          URL,
          "the PostgreSQL driver cannot parse it",
          "Use jdbc:postgresql://host[:port]/database[?options].");
    }
    Optional<String> table = settings.value(TABLE);
    if (table.isPresent() && !JdbcStoreBuilder.TABLE.matcher(table.get()).matches()) {
      throw settings.invalid(
          TABLE,
          "it is not a lower-case SQL name",
          "Use name or schema.name of a-z, 0-9 and _ (at most 41 characters each).");
    }
    Optional<String> create = settings.value(CREATE_SCHEMA);
    if (create.isPresent() && !create.get().matches("true|false")) {
      throw settings.invalid(CREATE_SCHEMA, "it is not a boolean", "Use true or false.");
    }
  }

  @Override
  public SharedStore open(StoreSettings settings) {
    String url = settings.value(URL).orElseThrow();
    DataSource pool;
    try {
      pool =
          HikariPools.open(
              url,
              settings.value(USER).orElse(null),
              settings.value(PASSWORD).orElse(null),
              settings.timeout());
    } catch (NoClassDefFoundError e) {
      throw new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc' opens a HikariCP pool, and com.zaxxer:HikariCP is not on"
              + " the class path: add it, or build a JdbcStore over your own DataSource and hand"
              + " it to Idempotency.configure(settings, store).",
          e);
    } catch (SQLException e) {
      throw StartupErrors.of(e, settings.timeout());
    }
    try {
      JdbcStoreBuilder builder =
          JdbcStore.builder(pool)
              .timeout(settings.timeout())
              .createSchema(settings.value(CREATE_SCHEMA).map(Boolean::parseBoolean).orElse(false))
              .owning((AutoCloseable) pool);
      settings.value(TABLE).ifPresent(builder::table);
      return builder.build();
    } catch (RuntimeException e) {
      try {
        ((AutoCloseable) pool).close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
