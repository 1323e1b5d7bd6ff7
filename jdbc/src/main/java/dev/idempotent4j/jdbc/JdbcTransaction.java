package dev.idempotent4j.jdbc;

import dev.idempotent4j.runtime.IdempotencyException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Fence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Transactional outcomes: every idempotent task that runs inside {@link #join} records its claim
 * and outcome on the application's connection, in the application's transaction, so that the record
 * and the task's own writes commit together or not at all. A crash or a rollback before the commit
 * leaves neither; the redelivered call then runs once.
 *
 * <pre>{@code
 * try (Connection c = dataSource.getConnection()) {
 *   c.setAutoCommit(false);
 *   JdbcTransaction.join(c, () -> {
 *     payouts.apply(c, event);   // an @IdempotentTask keyed by event.id(); inserts a payout on c
 *     return null;
 *   });
 *   c.commit();
 * }
 * }</pre>
 *
 * <p>Rules (docs/postgresql.md, "Transactional outcomes"):
 *
 * <ul>
 *   <li>The application owns the transaction: {@code join} never commits or rolls back. The
 *       connection must have auto-commit off.
 *   <li>A task that throws records its release (or its cached failure) in the transaction; what
 *       becomes of it is the application's commit or rollback. After a rollback the next call runs
 *       the task again. A task whose own SQL failed has aborted the transaction: it can only roll
 *       back.
 *   <li>Concurrent duplicates (another transaction, another JVM) find the key held by an advisory
 *       lock this transaction keeps until it ends: they wait (bounded by {@code waitTimeout}, woken
 *       by the NOTIFY sent at the commit) or, with {@code THROW}/{@code SKIP}, answer at once. They
 *       never block on the uncommitted row.
 *   <li>Nested tasks and several tasks in one join all write on the same connection and commit
 *       together. Nested joins on the same connection are one join; another connection inside a
 *       join is an error.
 *   <li>The store must be the PostgreSQL store on the connection's database: another database, or
 *       no PostgreSQL store at all, fails with {@link IdempotencyException} (never a silent leased
 *       claim that would outlive a rollback).
 *   <li>Async tasks must finish before {@code join} returns; a claim still open then fails the join
 *       (roll back).
 * </ul>
 */
public final class JdbcTransaction {
  /** Identifies the database of a connection: compared between the store and a joined one. */
  static final String IDENTITY =
      "current_database() || '/' || pg_postmaster_start_time() || '/'"
          + " || coalesce(to_regclass(?)::oid::text, '-')";

  private static final ThreadLocal<Joined> CURRENT = new ThreadLocal<>();

  /** The joins of a framework's transactions ({@link AmbientTransaction}) by their connection. */
  private static final ThreadLocal<Map<Connection, Joined>> AMBIENT =
      ThreadLocal.withInitial(IdentityHashMap::new);

  /**
   * The database identity of each physical connection seen in a join (a pool hands out proxies; the
   * driver's connection under them lives as long as its database session), so that the check costs
   * one query per pooled connection, not one per transaction.
   */
  private static final Map<Object, String> IDENTITIES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private JdbcTransaction() {}

  /**
   * Runs {@code work} with the tasks it calls recording their outcomes on {@code connection}.
   *
   * @return what {@code work} returned
   * @throws IllegalArgumentException if the connection has auto-commit on
   * @throws IdempotencyException if no PostgreSQL store is open, or if a claim is still open when
   *     {@code work} returns (an async task that did not finish)
   * @throws Exception whatever {@code work} throws, unchanged
   */
  public static <T> T join(Connection connection, Callable<T> work) throws Exception {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(work, "work");
    Joined outer = CURRENT.get();
    if (outer != null) {
      if (outer.connection != connection) {
        throw new IllegalStateException(
            "JdbcTransaction.join inside a join on another connection: tasks would record on"
                + " one transaction and write on another. Join one connection at a time.");
      }
      return work.call();
    }
    if (connection.getAutoCommit()) {
      throw new IllegalArgumentException(
          "JdbcTransaction.join needs a connection in a transaction (setAutoCommit(false)): with"
              + " auto-commit every statement commits on its own, and the record could not commit"
              + " with your writes.");
    }
    if (JdbcStore.open().isEmpty()) {
      throw new IdempotencyException(
          "JdbcTransaction.join: idempotent4j has no PostgreSQL store open (set idempotent4j.jdbc,"
              + " or hand Idempotency.configure a JdbcStore), so tasks inside could not record"
              + " their outcomes in this transaction.");
    }
    Joined joined = new Joined(connection);
    CURRENT.set(joined);
    try {
      T result = work.call();
      joined.checkSettled();
      return result;
    } finally {
      CURRENT.remove();
      joined.forgetAll();
    }
  }

  /**
   * The join of this thread for {@code store}: an explicit {@link #join}, else the framework's
   * transaction the store's {@link AmbientTransaction} finds (joined at its first claim, forgotten
   * when it ends), else null.
   */
  static Joined current(JdbcStore store) {
    Joined explicit = CURRENT.get();
    AmbientTransaction ambient = store.ambient();
    if (explicit != null || ambient == null) {
      return explicit;
    }
    Connection connection;
    try {
      connection = ambient.connection(store.dataSource());
    } catch (SQLException e) {
      throw Connections.unavailable("(transaction)", e, store.statementsTimeout());
    }
    if (connection == null) {
      return null;
    }
    Map<Connection, Joined> joins = AMBIENT.get();
    Joined known = joins.get(connection);
    if (known != null) {
      return known;
    }
    Joined joined = new Joined(connection);
    joins.put(connection, joined);
    ambient.onCompletion(
        joined::checkSettled,
        () -> {
          joins.remove(connection);
          joined.forgetAll();
        });
    return joined;
  }

  /** One join: the application's connection and the claims made on it. */
  static final class Joined {
    final Connection connection;
    private final ReentrantLock lock = new ReentrantLock(); // virtual threads: never synchronized
    private final Map<String, JdbcStore> open = new LinkedHashMap<>();
    private String checkedIdentity;

    Joined(Connection connection) {
      this.connection = connection;
    }

    /** Fails unless {@code store} writes to this connection's database; asked once per join. */
    void checkSameDatabase(JdbcStore store) {
      lock.lock();
      try {
        if (checkedIdentity == null) {
          Object physical = physical(connection);
          String cacheKey = store.statements().table;
          String known = IDENTITIES.get(physical);
          if (known != null && known.startsWith(cacheKey + "=")) {
            checkedIdentity = known.substring(cacheKey.length() + 1);
          } else {
            try (PreparedStatement s = connection.prepareStatement("SELECT " + IDENTITY)) {
              s.setString(1, store.statements().table);
              try (ResultSet r = s.executeQuery()) {
                r.next();
                checkedIdentity = r.getString(1);
              }
            } catch (SQLException e) {
              throw Connections.unavailable("(join)", e, store.statementsTimeout());
            }
            IDENTITIES.put(physical, cacheKey + "=" + checkedIdentity);
          }
        }
        if (!checkedIdentity.equals(store.identity())) {
          throw new IdempotencyException(
              "JdbcTransaction.join: the joined connection is on another database ("
                  + checkedIdentity
                  + ") than idempotent4j's PostgreSQL store ("
                  + store.identity()
                  + "); its records could not commit with this transaction. Join a connection"
                  + " of the store's database, or configure the store on this one.");
        }
      } finally {
        lock.unlock();
      }
    }

    private static Object physical(Connection connection) {
      try {
        return connection.unwrap(org.postgresql.PGConnection.class);
      } catch (SQLException | RuntimeException e) {
        return connection; // not the PostgreSQL driver's: check once per connection object
      }
    }

    <T> T run(String key, Connections.Work<T> work) {
      lock.lock();
      try {
        return work.on(connection);
      } catch (SQLException e) {
        throw new StoreUnavailableException(
            "PostgreSQL store: the step for key '"
                + key
                + "' failed in the joined transaction ("
                + Connections.describe(e)
                + ")",
            e);
      } finally {
        lock.unlock();
      }
    }

    void opened(JdbcStore store, String key, Fence fence) {
      lock.lock();
      try {
        open.put(fence.token() + ":" + key, store);
      } finally {
        lock.unlock();
      }
    }

    void settled(String key, Fence fence) {
      lock.lock();
      try {
        open.remove(fence.token() + ":" + key);
      } finally {
        lock.unlock();
      }
    }

    /** Whether the transaction failed already (SQLSTATE 25P02): it can only roll back. */
    boolean aborted(StoreUnavailableException e) {
      return e.getCause() instanceof SQLException s && "25P02".equals(s.getSQLState());
    }

    private void checkSettled() {
      lock.lock();
      try {
        if (!open.isEmpty()) {
          throw new IdempotencyException(
              "JdbcTransaction.join: work returned while tasks it started still run ("
                  + open.keySet()
                  + "): an async task inside a join must finish before the join returns, or its"
                  + " outcome could not commit with the transaction. Roll back.");
        }
      } finally {
        lock.unlock();
      }
    }

    private void forgetAll() {
      lock.lock();
      try {
        open.forEach(
            (id, store) -> {
              int colon = id.indexOf(':');
              store.forget(
                  id.substring(colon + 1), new Fence(Long.parseLong(id.substring(0, colon)), 0));
            });
        open.clear();
      } finally {
        lock.unlock();
      }
    }
  }
}
