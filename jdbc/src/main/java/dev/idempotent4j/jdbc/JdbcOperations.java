package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.store.RecordView;
import dev.idempotent4j.runtime.store.StoreOperations;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@link StoreOperations} on PostgreSQL: each one statement ({@link Statements#show}, {@link
 * Statements#list}, {@link Statements#releaseAdmin}) on a pooled connection, never in a joined
 * transaction. {@code list} pages in key order (the cursor is the last key of the page); {@code
 * release} draws the new fence from the sequence.
 *
 * <pre>{@code
 * StoreOperations operations = jdbcStore.operations().orElseThrow();
 * Optional<RecordView> view = operations.show("i4j:Payments.charge:order-42");
 * }</pre>
 */
final class JdbcOperations implements StoreOperations {
  static final int MAX_LIMIT = 1000;

  private final Connections connections;
  private final Statements sql;

  JdbcOperations(Connections connections, Statements sql) {
    this.connections = connections;
    this.sql = sql;
  }

  @Override
  public Optional<RecordView> show(String key) {
    return connections.run(
        key,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.show)) {
            s.setString(1, key);
            try (ResultSet row = s.executeQuery()) {
              return row.next() ? Optional.of(view(row, key)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public Page list(String keyPrefix, Set<RecordView.State> states, int limit, String cursor) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", was " + limit);
    }
    if (cursor != null && !cursor.startsWith(keyPrefix)) {
      throw new IllegalArgumentException(
          "'" + cursor + "' is not a cursor of list for keys starting with " + keyPrefix);
    }
    String[] names =
        states.stream().map(st -> st.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);
    return connections.run(
        keyPrefix + "*",
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.list)) {
            s.setString(1, keyPrefix);
            s.setString(2, cursor == null ? keyPrefix : cursor);
            s.setArray(3, c.createArrayOf("text", names));
            s.setArray(4, c.createArrayOf("text", names));
            s.setInt(5, limit);
            List<RecordView> found = new ArrayList<>();
            try (ResultSet rows = s.executeQuery()) {
              while (rows.next()) {
                found.add(view(rows, rows.getString("key")));
              }
            }
            String next = found.size() < limit ? null : found.get(found.size() - 1).key();
            return new Page(found, next);
          }
        });
  }

  @Override
  public Released release(String key, boolean dryRun) {
    return connections.run(
        key,
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql.releaseAdmin)) {
            s.setString(1, key);
            s.setString(2, key);
            s.setBoolean(3, dryRun);
            try (ResultSet row = s.executeQuery()) {
              if (!row.next()) {
                return new Released(key, null, false, 0);
              }
              RecordView before = view(row, key);
              long fence = row.getLong("new_fence");
              boolean released = !row.wasNull();
              return new Released(key, before, released, released ? fence : before.fence());
            }
          }
        });
  }

  /** The row's view; a row that is not a record throws, untouched. */
  private RecordView view(ResultSet row, String key) throws SQLException {
    String corrupt = row.getString("corrupt");
    if (corrupt != null) {
      throw Answers.corrupt(sql.table, key, corrupt);
    }
    RecordView.State state =
        RecordView.State.valueOf(row.getString("state").toUpperCase(Locale.ROOT));
    long leaseLeft = row.getLong("lease_left_ms");
    boolean noLease = row.wasNull();
    long ttlLeft = row.getLong("ttl_left_ms");
    long size = row.getLong("result_size");
    boolean noResult = row.wasNull();
    return new RecordView(
        key,
        state,
        row.getString("owner"),
        row.getInt("attempt"),
        row.getLong("fence"),
        noLease || state != RecordView.State.RUNNING ? null : Duration.ofMillis(leaseLeft),
        Duration.ofMillis(ttlLeft),
        noResult ? -1 : size,
        row.getString("error_type"));
  }
}
