package dev.idempotent4j.jdbc;

import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes expired rows (outcomes past their ttl, releases and lapsed leases a day old) in the
 * background: batches of {@link #BATCH} rows, {@code FOR UPDATE SKIP LOCKED} so that a row a claim
 * holds is skipped rather than waited for, under a try-advisory-lock so that one JVM sweeps at a
 * time and the others skip the round. Claims never depend on it: an expired row is claimable
 * whether swept or not.
 */
final class Sweeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Sweeper.class.getName());
  static final int BATCH = 500;

  /** At most this many batches per round: a backlog is worked off over several rounds. */
  private static final int BATCHES_PER_ROUND = 20;

  private final Connections connections;
  private final Statements sql;
  private final ScheduledExecutorService timer;

  Sweeper(Connections connections, Statements sql, Duration every) {
    this.connections = connections;
    this.sql = sql;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "idempotent4j-jdbc-sweep");
              t.setDaemon(true);
              return t;
            });
    long millis = Math.max(1, every.toMillis());
    // round() catches its own failures, and close() ends the schedule by shutting the timer down
    var unused = timer.scheduleWithFixedDelay(this::round, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** One round; answers the rows deleted. */
  int round() {
    int deleted = 0;
    try {
      for (int i = 0; i < BATCHES_PER_ROUND; i++) {
        int batch =
            connections.run(
                sql.table,
                c -> {
                  try (PreparedStatement s = c.prepareStatement(sql.sweep)) {
                    s.setInt(1, BATCH);
                    return s.executeUpdate();
                  }
                });
        deleted += batch;
        if (batch < BATCH) {
          break;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "idempotent4j: sweeping " + sql.table + " failed; next round", e);
    }
    return deleted;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
