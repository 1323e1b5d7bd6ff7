package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import dev.idempotent4j.runtime.store.StoredFailure;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The shared tier on PostgreSQL, through plain JDBC: one row per task key in one table, each {@link
 * SharedStore} step one SQL statement (one round trip) on the database's clock, fencing tokens from
 * a sequence. Waiters are woken by {@code LISTEN}/{@code NOTIFY} on one dedicated connection (and
 * poll besides); expired rows are swept in the background in small batches by one JVM at a time.
 * Inside {@link JdbcTransaction#join} the steps run on the application's connection instead, so the
 * record commits or rolls back with the application's own writes.
 *
 * <pre>{@code
 * DataSource dataSource = ...; // the application's pool
 * SharedStore store = JdbcStore.builder(dataSource).timeout(Duration.ofSeconds(1)).build();
 * Idempotency.configure(Map.of("prefix", "billing"), store);
 * }</pre>
 *
 * <p>Thread-safe. A statement that does not answer within the timeout fails with {@link
 * StoreUnavailableException} (the connection's network timeout; the driver then drops that
 * connection); a timed-out write is never retried.
 */
public final class JdbcStore implements SharedStore {
  private static final Set<JdbcStore> OPEN = ConcurrentHashMap.newKeySet();
  private static final int RENEW_BATCH = 500;

  /** The lease of a claim in a joined transaction: a day (see claim). */
  private static final long JOINED_LEASE = Duration.ofDays(1).toMillis();

  private final Connections connections;
  private final Statements sql;
  private final Notifier notifier;
  private final Sweeper sweeper;
  private final String identity;
  private final AutoCloseable owned;
  private final AmbientTransaction ambient;

  /** Claims that live in a joined transaction, by key and token: never renewed, never lost. */
  private final ConcurrentHashMap<String, JdbcTransaction.Joined> joined =
      new ConcurrentHashMap<>();

  private volatile boolean closed;

  JdbcStore(
      Connections connections,
      Statements sql,
      Duration sweepEvery,
      String identity,
      AutoCloseable owned,
      AmbientTransaction ambient) {
    this.connections = connections;
    this.sql = sql;
    this.identity = identity;
    this.owned = owned;
    this.ambient = ambient;
    this.notifier = new Notifier(connections, sql.channel);
    this.sweeper = new Sweeper(connections, sql, sweepEvery);
    OPEN.add(this);
  }

  /**
   * A builder of a store over {@code dataSource} (the application's pool; the store borrows a
   * connection per step, and keeps one for {@code LISTEN} once a caller waits).
   */
  public static JdbcStoreBuilder builder(DataSource dataSource) {
    return new JdbcStoreBuilder(dataSource);
  }

  @Override
  public Claim claim(ClaimRequest request) {
    checkOpen();
    JdbcTransaction.Joined tx = JdbcTransaction.current(this);
    if (tx != null) {
      tx.checkSameDatabase(this);
    }
    // A joined claim is held by the transaction (its advisory lock), not by a lease: it is never
    // renewed, so its lease must outlast any transaction, or the complete would be refused. A
    // crash or rollback removes the row whatever its lease says.
    long leaseMillis =
        tx == null
            ? request.lease().toMillis()
            : Math.max(request.lease().toMillis(), JOINED_LEASE);
    // a race with a concurrent first claim answers nothing: claim again, with a new snapshot
    for (int round = 0; ; round++) {
      Claim claim =
          run(
              tx,
              request.key(),
              c -> {
                try (PreparedStatement s = c.prepareStatement(sql.claim)) {
                  s.setString(1, request.key());
                  s.setString(2, request.key());
                  s.setString(3, request.key());
                  s.setString(4, request.owner());
                  if (request.fingerprint() == null) {
                    s.setNull(5, Types.VARCHAR);
                  } else {
                    s.setString(5, request.fingerprint());
                  }
                  s.setLong(6, leaseMillis);
                  s.setLong(7, leaseMillis);
                  try (ResultSet row = s.executeQuery()) {
                    row.next();
                    return Answers.claim(
                        row,
                        sql.table,
                        request.key(),
                        request.owner(),
                        request.fingerprint(),
                        tx != null);
                  }
                }
              });
      if (claim != null) {
        if (tx != null && claim instanceof Claim.Claimed c) {
          joined.put(joinedKey(request.key(), c.fence()), tx);
          tx.opened(this, request.key(), c.fence());
        }
        return claim;
      }
      if (round >= 10) {
        return new Claim.InProgress(Duration.ofMillis(Statements.BUSY_MILLIS));
      }
    }
  }

  @Override
  public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
    Objects.requireNonNull(resultJson, "resultJson");
    return settle(
        sql.complete,
        key,
        fence,
        s -> {
          s.setString(1, resultJson);
          s.setLong(2, ttl.toMillis());
          return 3;
        });
  }

  @Override
  public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
    return settle(
        sql.fail,
        key,
        fence,
        s -> {
          s.setString(1, failure.type());
          s.setString(2, failure.message());
          s.setLong(3, ttl.toMillis());
          return 4;
        });
  }

  @Override
  public Completion release(String key, Fence fence) {
    return settle(sql.release, key, fence, s -> 1);
  }

  @Override
  public List<Lease> renew(List<Lease> leases, Duration lease) {
    checkOpen();
    List<Lease> lost = new ArrayList<>();
    List<Lease> pooled = new ArrayList<>();
    for (Lease l : leases) {
      // a joined claim holds while its transaction lives; its row is invisible to other
      // connections until the commit
      if (!joined.containsKey(joinedKey(l.key(), l.fence()))) {
        pooled.add(l);
      }
    }
    for (int from = 0; from < pooled.size(); from += RENEW_BATCH) {
      List<Lease> batch = pooled.subList(from, Math.min(pooled.size(), from + RENEW_BATCH));
      Set<String> renewed =
          run(
              null,
              batch.get(0).key(),
              c -> {
                try (PreparedStatement s = c.prepareStatement(sql.renew)) {
                  s.setLong(1, lease.toMillis());
                  s.setLong(2, lease.toMillis());
                  s.setArray(3, c.createArrayOf("text", batch.stream().map(Lease::key).toArray()));
                  s.setArray(
                      4,
                      c.createArrayOf(
                          "bigint", batch.stream().map(l -> l.fence().token()).toArray()));
                  Set<String> keys = new HashSet<>();
                  try (ResultSet rows = s.executeQuery()) {
                    while (rows.next()) {
                      keys.add(rows.getString(1));
                    }
                  }
                  return keys;
                }
              });
      for (Lease l : batch) {
        if (!renewed.contains(l.key())) {
          lost.add(l);
        }
      }
    }
    return lost;
  }

  /**
   * {@inheritDoc}
   *
   * <p>On PostgreSQL each operation is one statement on a pooled connection (never the joined
   * transaction's); see {@code docs/postgresql.md}, "Operations".
   */
  @Override
  public Optional<StoreOperations> operations() {
    return Optional.of(new JdbcOperations(connections, sql));
  }

  @Override
  public AutoCloseable onChange(String key, Runnable listener) {
    checkOpen();
    return notifier.listen(key, listener);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    OPEN.remove(this);
    sweeper.close();
    notifier.close();
    if (owned != null) {
      try {
        owned.close();
      } catch (Exception e) {
        System.getLogger(JdbcStore.class.getName())
            .log(System.Logger.Level.WARNING, "idempotent4j: closing the jdbc pool failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcStore[" + sql.table + " on " + identity + "]";
  }

  /** The open stores, for {@link JdbcTransaction#join} to tell whether one is there at all. */
  static Set<JdbcStore> open() {
    return OPEN;
  }

  /** The framework's transactions this store joins, or null. */
  AmbientTransaction ambient() {
    return ambient;
  }

  DataSource dataSource() {
    return connections.dataSource;
  }

  /** Which database this store writes to: compared with a joined connection's. */
  String identity() {
    return identity;
  }

  Statements statements() {
    return sql;
  }

  java.time.Duration statementsTimeout() {
    return connections.timeout;
  }

  /** A joined transaction ended: its claims are no longer this store's to track. */
  void forget(String key, Fence fence) {
    joined.remove(joinedKey(key, fence));
  }

  private Completion settle(String statement, String key, Fence fence, Binder binder) {
    checkOpen();
    JdbcTransaction.Joined tx = joined.remove(joinedKey(key, fence));
    if (tx != null) {
      tx.settled(key, fence);
    }
    try {
      return run(
          tx,
          key,
          c -> {
            try (PreparedStatement s = c.prepareStatement(statement)) {
              int next = binder.bind(s);
              s.setString(next, key);
              s.setLong(next + 1, fence.token());
              s.setBoolean(next + 2, tx != null); // NOTIFY goes out at the commit: always send it
              s.setString(next + 3, key);
              try (ResultSet rows = s.executeQuery()) {
                return Answers.settle(rows, sql.table, key);
              }
            }
          });
    } catch (StoreUnavailableException e) {
      if (tx != null && tx.aborted(e)) {
        // The application's transaction already failed (the task's own SQL error): it can only
        // roll back, which removes the claim with everything else.
        return Completion.ACCEPTED;
      }
      throw e;
    }
  }

  private <T> T run(JdbcTransaction.Joined tx, String key, Connections.Work<T> work) {
    if (tx != null) {
      return tx.run(key, work);
    }
    return connections.run(key, work);
  }

  private static String joinedKey(String key, Fence fence) {
    return fence.token() + ":" + key;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("JdbcStore on " + sql.table + " is closed");
    }
  }

  private interface Binder {
    /** Binds the step's own parameters; answers the index of the next one. */
    int bind(PreparedStatement statement) throws SQLException;
  }
}
