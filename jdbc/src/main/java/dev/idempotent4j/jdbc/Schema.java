package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table's schema: the versioned DDL shipped in the jar ({@code schema-v1.sql}), applied only
 * when asked ({@code jdbc.create-schema=true}), and the start-up check that the table is there and
 * of a format this version reads (the table comment {@code idempotent4j record, schema N}).
 */
final class Schema {
  static final int VERSION = 1;
  static final String RESOURCE = "schema-v" + VERSION + ".sql";
  private static final Pattern MARKER = Pattern.compile("idempotent4j record, schema (\\d+)");

  private Schema() {}

  /** The DDL for {@code table}, as shipped. */
  static String ddl(String table) {
    try (InputStream in = Schema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the idempotent4j-jdbc jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${table}", table);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies the DDL in one transaction (concurrent JVMs starting at once: IF NOT EXISTS). */
  static void create(Connection c, String table) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      // serialise concurrent creators: CREATE ... IF NOT EXISTS can still race on the catalog
      s.execute("SELECT pg_advisory_xact_lock(" + table.hashCode() + ", 1)");
      for (String statement : ddl(table).split(";\\s*\\n", -1)) {
        String body = statement.replaceAll("(?m)^\\s*--.*$", "").trim();
        if (!body.isEmpty()) {
          s.execute(body);
        }
      }
      c.commit();
    } catch (SQLException e) {
      c.rollback();
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
    }
  }

  /**
   * Checks that {@code table} exists and is ours in a format this version reads; answers the
   * database's identity (name, server start time, the table's oid), which a joined connection must
   * share.
   */
  static String check(Connection c, String table) throws SQLException {
    String marker;
    String identity;
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT obj_description(to_regclass(?), 'pg_class'), "
                + JdbcTransaction.IDENTITY
                + ", to_regclass(?) IS NOT NULL")) {
      s.setString(1, table);
      s.setString(2, table);
      s.setString(3, table);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        if (!r.getBoolean(3)) {
          throw new IdempotencyConfigurationException(
              "idempotent4j setting 'jdbc.table': table "
                  + table
                  + " does not exist in the database. Create it with the DDL in the"
                  + " idempotent4j-jdbc jar (dev/idempotent4j/jdbc/"
                  + RESOURCE
                  + ", also in docs/postgresql.md) from your migrations, or set"
                  + " jdbc.create-schema=true to have idempotent4j create it at start-up.");
        }
        marker = r.getString(1);
        identity = r.getString(2);
      }
    }
    Matcher m = marker == null ? null : MARKER.matcher(marker);
    if (m == null || !m.matches()) {
      throw new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc.table': table "
              + table
              + " is not an idempotent4j record table (its comment is "
              + (marker == null ? "missing" : "'" + marker + "'")
              + ", not 'idempotent4j record, schema "
              + VERSION
              + "'). Point jdbc.table at the idempotent4j table, or create one with "
              + RESOURCE
              + ".");
    }
    int version = Integer.parseInt(m.group(1));
    if (version > VERSION) {
      throw new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc.table': table "
              + table
              + " has schema "
              + version
              + ", newer than this idempotent4j reads ("
              + VERSION
              + "): upgrade idempotent4j-jdbc on this application, or point it at another table.");
    }
    try (Statement s = c.createStatement()) {
      s.executeQuery(new Statements(table).probe).close();
    } catch (SQLException e) {
      throw new IdempotencyConfigurationException(
          "idempotent4j setting 'jdbc.table': table "
              + table
              + " lacks the columns of schema "
              + VERSION
              + " ("
              + e.getMessage()
              + "). Apply "
              + RESOURCE
              + ".",
          e);
    }
    return identity;
  }
}
