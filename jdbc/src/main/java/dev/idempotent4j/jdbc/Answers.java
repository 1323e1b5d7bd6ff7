package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.SharedStore.Completion;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns the one row a claim or settle statement answers ({@link Statements}) into the SPI's answer.
 * A claim answers null when it met a race (a concurrent first claim committed after the statement's
 * snapshot was taken): the caller sends it again.
 */
final class Answers {
  private Answers() {}

  static Claim claim(
      ResultSet row, String table, String key, String owner, String fingerprint, boolean joined)
      throws SQLException {
    String src = row.getString("src");
    String state = row.getString("state");
    if ("i".equals(src)) {
      if (owner.equals(row.getString("owner"))) {
        Fence fence = new Fence(row.getLong("fence"), row.getInt("attempt"));
        return new Claim.Claimed(fence, row.getBoolean("takeover"), joined);
      }
      return new Claim.InProgress(left(row));
    }
    Boolean got = (Boolean) row.getObject("got");
    if ("c".equals(src)) {
      String corrupt = row.getString("corrupt");
      if (corrupt != null) {
        throw corrupt(table, key, corrupt);
      }
      boolean clash = clash(row.getString("fp"), fingerprint);
      boolean expired = row.getBoolean("expired");
      if (!expired && (state.equals("completed") || state.equals("failed"))) {
        if (clash) {
          return new Claim.KeyReused();
        }
        if (state.equals("completed")) {
          return new Claim.Completed(row.getString("result"));
        }
        String message = row.getString("error_message");
        return new Claim.Failed(
            new StoredFailure(row.getString("error_type"), message == null ? "" : message));
      }
      long left = row.getLong("left_ms");
      if (state.equals("running")
          && !row.wasNull()
          && left > 0
          && !owner.equals(row.getString("owner"))) {
        if (clash) {
          return new Claim.KeyReused();
        }
        if (Boolean.FALSE.equals(got)) {
          return new Claim.InProgress(Duration.ofMillis(left));
        }
      }
    }
    // free or claimable as the snapshot saw it, yet nothing written: a joined transaction holds
    // the key (its record is not committed yet), or a concurrent claim won a race
    if (Boolean.FALSE.equals(got)) {
      return new Claim.InProgress(Duration.ofMillis(Statements.BUSY_MILLIS));
    }
    return null;
  }

  /** complete, fail, release: held and written, lost, or the row is not ours. */
  static Completion settle(ResultSet rows, String table, String key) throws SQLException {
    if (!rows.next()) {
      return Completion.LEASE_LOST; // no row under the key at all
    }
    if ("ok".equals(rows.getString("src"))) {
      return Completion.ACCEPTED;
    }
    String corrupt = rows.getString("corrupt");
    if (corrupt != null) {
      throw corrupt(table, key, corrupt);
    }
    return Completion.LEASE_LOST;
  }

  static CorruptRecordException corrupt(String table, String key, String what) {
    return new CorruptRecordException(
        key,
        "The row of key '"
            + key
            + "' in table "
            + table
            + " "
            + what
            + "; idempotent4j left it untouched and ran nothing. Delete the row (DELETE FROM "
            + table
            + " WHERE key = '"
            + key.replace("'", "''")
            + "') if it is garbage.",
        null);
  }

  private static boolean clash(String stored, String requested) {
    return stored != null && requested != null && !Objects.equals(stored, requested);
  }

  private static Duration left(ResultSet row) throws SQLException {
    long left = row.getLong("left_ms");
    return Duration.ofMillis(Math.max(1, left));
  }
}
