package dev.idempotent4j.jdbc;

/**
 * The SQL of every store step for one table: each step is ONE statement (one round trip), the
 * PostgreSQL counterpart of a Redis script (runtime's {@code redis/*.lua}; the rules are the same).
 * Times are {@code clock_timestamp()}: the database's clock, and the real time even when the
 * statement runs late in a long transaction ({@code now()} would be its start).
 *
 * <p>Row (schema-v1.sql): {@code state} is {@code running} (with {@code lease_until}), {@code
 * completed} (with {@code result}), {@code failed} (with {@code error_type}) or {@code released}
 * (given up; the row stays so that the next claim counts the next attempt). {@code expires_at} is
 * when the sweeper may delete it: the ttl end of an outcome, a day after a lapsed lease or a
 * release (so that a later claim still counts the attempt and sees the takeover).
 *
 * <p>Fencing tokens come from one sequence for the whole table: they never go back, even after a
 * row was swept. The advisory lock a claim tries ({@code pg_try_advisory_xact_lock} on a 64-bit
 * hash of the key) is what a joined transaction holds until it commits: another claim of the key
 * answers "in progress" at once instead of blocking on the uncommitted row.
 */
final class Statements {

  /** A running claim's row outlives its lease by this much (takeover, attempt numbering). */
  static final String MARGIN = "interval '1 day'";

  /** The in-progress answer when a joined transaction holds the key (its lease is unknown). */
  static final long BUSY_MILLIS = 50;

  final String table;
  final String channel;
  final String claim;
  final String complete;
  final String fail;
  final String release;
  final String renew;
  final String sweep;
  final String probe;
  final String show;
  final String list;
  final String releaseAdmin;

  Statements(String table) {
    this.table = table;
    // one channel per table; the payload is md5(key) (a key may be longer than NOTIFY allows)
    this.channel = "i4j_" + table.replace('.', '_');
    String seed = Long.toString(table.hashCode());
    this.claim = claim(table, seed);
    this.complete =
        settle(
            table,
            "state = 'completed', result = ?, error_type = NULL, error_message = NULL, "
                + "lease_until = NULL, done_at = clock_timestamp(), "
                + "expires_at = clock_timestamp() + ? * interval '1 millisecond'");
    this.fail =
        settle(
            table,
            "state = 'failed', result = NULL, error_type = ?, error_message = ?, "
                + "lease_until = NULL, done_at = clock_timestamp(), "
                + "expires_at = clock_timestamp() + ? * interval '1 millisecond'");
    this.release =
        settle(
            table,
            "state = 'released', lease_until = NULL, expires_at = clock_timestamp() + " + MARGIN);
    this.renew =
        "UPDATE "
            + table
            + " AS r SET lease_until = clock_timestamp() + ? * interval '1 millisecond',"
            + " expires_at = clock_timestamp() + ? * interval '1 millisecond' + "
            + MARGIN
            + " FROM unnest(?::text[], ?::bigint[]) AS l(key, fence)"
            + " WHERE r.key = l.key AND r.fence = l.fence AND r.v = 1 AND r.state = 'running'"
            + " AND r.lease_until > clock_timestamp() RETURNING r.key";
    // At most one JVM sweeps at a time (the advisory lock, released with the statement), in
    // small batches, skipping rows a claim holds: sweeping never blocks a claim.
    this.sweep =
        "WITH lk AS (SELECT pg_try_advisory_xact_lock("
            + seed
            + ", 0) AS got)"
            + " DELETE FROM "
            + table
            + " WHERE (SELECT got FROM lk) AND key IN (SELECT key FROM "
            + table
            + " WHERE expires_at < clock_timestamp() ORDER BY expires_at LIMIT ?"
            + " FOR UPDATE SKIP LOCKED)";
    this.probe =
        "SELECT key, v, state, owner, fence, attempt, takeover, fp, claimed_at, lease_until,"
            + " done_at, expires_at, result, error_type, error_message, waiters FROM "
            + table
            + " LIMIT 0";
    // operations: show: parameter key. One primary-key read.
    this.show = "SELECT " + view("r") + " FROM " + table + " r WHERE r.key = ?";
    // list: parameters prefix, after (the cursor: the last key of the previous page, or the
    // prefix), states (text[], empty for all), states again, limit. Rows in key order from the
    // cursor on; rows that are not records are skipped.
    this.list =
        "SELECT "
            + view("r")
            + " FROM "
            + table
            + " r WHERE starts_with(r.key, ?) AND r.key > ?"
            + " AND (cardinality(?::text[]) = 0 OR r.state = ANY(?::text[]))"
            + " AND "
            + corrupt("r")
            + " IS NULL ORDER BY r.key LIMIT ?";
    // release-admin: parameters key, key, dry run. The row as it was, and the new fence when it
    // was ended: a fresh token from the sequence (so the old owner's complete, fail and renew
    // match no row), state released, the outcome dropped, the waiters woken. A released outcome's
    // attempt goes to 0, so that the next claim is a first attempt; a claim's stays counted.
    this.releaseAdmin =
        "WITH cur AS (SELECT "
            + view("r")
            + " FROM "
            + table
            + " r WHERE r.key = ?),"
            + " u AS (UPDATE "
            + table
            + " SET state = 'released', fence = nextval('"
            + table
            + "_fence'), takeover = false, lease_until = NULL, result = NULL, error_type = NULL,"
            + " error_message = NULL, done_at = NULL, waiters = 0,"
            + " attempt = CASE WHEN state = 'running' THEN attempt ELSE 0 END,"
            + " expires_at = clock_timestamp() + "
            + MARGIN
            + " WHERE key = ? AND NOT ? AND v = 1 AND state <> 'released'"
            + " AND (SELECT corrupt FROM cur) IS NULL RETURNING key, fence),"
            + " n AS (SELECT pg_notify('"
            + channel
            + "', md5(key)) FROM u)"
            + " SELECT cur.*, (SELECT fence FROM u) AS new_fence,"
            + " (SELECT count(*) FROM n) AS notified FROM cur";
  }

  /**
   * The operator's view of the row {@code r} (show, list, release-admin): never the result, only
   * its size; times left on the database's clock, negative once passed.
   */
  static String view(String r) {
    return r
        + ".key, "
        + r
        + ".state, "
        + r
        + ".owner, "
        + r
        + ".attempt, "
        + r
        + ".fence, (extract(epoch FROM "
        + r
        + ".lease_until - clock_timestamp()) * 1000)::bigint AS lease_left_ms,"
        + " (extract(epoch FROM "
        + r
        + ".expires_at - clock_timestamp()) * 1000)::bigint AS ttl_left_ms, octet_length("
        + r
        + ".result) AS result_size, "
        + r
        + ".error_type, "
        + corrupt(r)
        + " AS corrupt";
  }

  /**
   * Why the row {@code r} is not a record this version reads, or NULL when it is one. Columns the
   * schema declares NOT NULL need no check.
   */
  static String corrupt(String r) {
    return "CASE WHEN "
        + r
        + ".v > 1 THEN 'is a record of format version ' || "
        + r
        + ".v || ', newer than this idempotent4j reads (1): upgrade idempotent4j'"
        + " WHEN "
        + r
        + ".v <> 1 THEN 'has format version v = ' || "
        + r
        + ".v || ', not 1'"
        + " WHEN "
        + r
        + ".state NOT IN ('running', 'completed', 'failed', 'released') THEN 'has state '''"
        + " || "
        + r
        + ".state || ''', not running, completed, failed or released'"
        + " WHEN "
        + r
        + ".state = 'running' AND "
        + r
        + ".lease_until IS NULL THEN 'is running without lease_until'"
        + " WHEN "
        + r
        + ".state = 'completed' AND "
        + r
        + ".result IS NULL THEN 'is completed without a result'"
        + " WHEN "
        + r
        + ".state = 'failed' AND "
        + r
        + ".error_type IS NULL THEN 'is failed without an error_type' END";
  }

  /**
   * claim: parameters key, key, owner, fingerprint, lease millis, lease millis. Answers one row:
   *
   * <ul>
   *   <li>{@code src = 'i'}: the upsert wrote the row: claimed when its owner is the caller's, else
   *       a waiter was counted on a live claim (in progress, {@code left_ms} left).
   *   <li>{@code src = 'c'}: nothing written; the row as the statement's snapshot saw it (corrupt,
   *       completed, failed, a live claim of another fingerprint, or busy / a race).
   *   <li>{@code src = 'n'}: nothing written and no row: busy ({@code got} false) or a race with a
   *       concurrent first claim (the caller claims again).
   * </ul>
   *
   * A duplicate of a live outcome is answered from the primary key alone: the advisory lock is not
   * tried, no sequence value drawn, nothing written.
   */
  private static String claim(String table, String seed) {
    String now = "clock_timestamp()";
    String claimable =
        "(r.state = 'released' OR (r.state = 'running' AND (r.lease_until <= "
            + now
            + " OR r.owner = EXCLUDED.owner)) OR (r.state IN ('completed', 'failed') AND"
            + " r.expires_at <= "
            + now
            + "))";
    String waiter =
        "(r.state = 'running' AND r.lease_until > "
            + now
            + " AND r.owner <> EXCLUDED.owner AND NOT (r.fp IS NOT NULL AND EXCLUDED.fp IS NOT NULL"
            + " AND r.fp <> EXCLUDED.fp))";
    StringBuilder set = new StringBuilder();
    // every column the claim rewrites: the new claim's value when claimable, else unchanged
    for (String column :
        new String[] {
          "state",
          "owner",
          "fence",
          "fp",
          "claimed_at",
          "lease_until",
          "expires_at",
          "done_at",
          "result",
          "error_type",
          "error_message"
        }) {
      set.append(column)
          .append(" = CASE WHEN ")
          .append(claimable)
          .append(" THEN EXCLUDED.")
          .append(column)
          .append(" ELSE r.")
          .append(column)
          .append(" END, ");
    }
    // an outcome that expired starts a new dedup window at attempt 1
    set.append("attempt = CASE WHEN NOT ")
        .append(claimable)
        .append(" THEN r.attempt WHEN r.state IN ('completed', 'failed') THEN 1")
        .append(" ELSE r.attempt + 1 END, ");
    // an orphan (same owner) is no takeover; a lapsed lease of another owner is
    set.append("takeover = CASE WHEN NOT ")
        .append(claimable)
        .append(" THEN r.takeover ELSE r.state = 'running' AND r.owner <> EXCLUDED.owner END, ");
    // over a running record the waiters stay (they wait for this claim now); after an outcome or
    // a release nobody waits; a claim that finds a live claim counts itself
    set.append("waiters = CASE WHEN NOT ")
        .append(claimable)
        .append(" THEN r.waiters + 1 WHEN r.state = 'running' THEN r.waiters ELSE 0 END");
    String columns =
        "key, v, state, owner, fence, attempt, takeover, fp, claimed_at, lease_until, done_at,"
            + " expires_at, result, error_type, error_message, waiters";
    String left = "(extract(epoch FROM %s.lease_until - clock_timestamp()) * 1000)::bigint";
    return "WITH cur AS (SELECT r.*, "
        + corrupt("r")
        + " AS corrupt, "
        + String.format(left, "r")
        + " AS left_ms FROM "
        + table
        + " r WHERE r.key = ?),"
        + " lk AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM cur WHERE corrupt IS NULL AND state IN"
        + " ('completed', 'failed') AND expires_at > clock_timestamp()) THEN NULL ELSE"
        + " pg_try_advisory_xact_lock(hashtextextended(?, "
        + seed
        + ")) END AS got),"
        + " ins AS (INSERT INTO "
        + table
        + " AS r ("
        + columns
        + ") SELECT cast(? AS text), 1, 'running', ?, nextval('"
        + table
        + "_fence'), 1, false, ?, clock_timestamp(), clock_timestamp() + ? * interval '1"
        + " millisecond', NULL, clock_timestamp() + ? * interval '1 millisecond' + "
        + MARGIN
        + ", NULL, NULL, NULL, 0 FROM lk WHERE lk.got ON CONFLICT (key) DO UPDATE SET "
        + set
        + " WHERE "
        + corrupt("r")
        + " IS NULL AND ("
        + claimable
        + " OR "
        + waiter
        + ") RETURNING r.*)"
        + " SELECT 'i' AS src, i.state, i.owner, i.fence, i.attempt, i.takeover, i.fp, "
        + String.format(left, "i")
        + " AS left_ms, NULL AS result, NULL AS error_type, NULL AS error_message,"
        + " NULL AS corrupt, NULL::boolean AS got, NULL::boolean AS expired FROM ins i"
        + " UNION ALL SELECT 'c', c.state, c.owner, c.fence, c.attempt, c.takeover, c.fp,"
        + " c.left_ms, c.result, c.error_type, c.error_message, c.corrupt, (SELECT got FROM lk),"
        + " c.expires_at <= clock_timestamp() FROM cur c WHERE NOT EXISTS (SELECT 1 FROM ins)"
        + " UNION ALL SELECT 'n', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
        + " NULL, (SELECT got FROM lk), NULL WHERE NOT EXISTS (SELECT 1 FROM ins)"
        + " AND NOT EXISTS (SELECT 1 FROM cur)";
  }

  /**
   * complete, fail, release: {@code assignments}' parameters, then key, fence, notify-always flag,
   * key. Answers {@code ('ok', NULL)} when the caller held the claim (and wakes the waiters: when a
   * claim found the row running, or always when {@code notify-always}, which a joined transaction
   * sets since NOTIFY is then sent at its commit), else {@code ('row', corrupt)} for the row as it
   * is, or no row at all when the key has none: the claim was lost.
   */
  private String settle(String table, String assignments) {
    return "WITH u AS (UPDATE "
        + table
        + " SET "
        + assignments
        + " WHERE key = ? AND fence = ? AND v = 1 AND state = 'running'"
        + " AND lease_until > clock_timestamp() RETURNING key, waiters),"
        + " n AS (SELECT pg_notify('"
        + channel
        + "', md5(key)) FROM u WHERE waiters > 0 OR ?)"
        + " SELECT 'ok' AS src, CAST((SELECT count(*) FROM n) AS text) AS corrupt FROM u"
        + " UNION ALL SELECT 'row', "
        + corrupt("r")
        + " FROM "
        + table
        + " r WHERE r.key = ? AND NOT EXISTS (SELECT 1 FROM u)";
  }
}
