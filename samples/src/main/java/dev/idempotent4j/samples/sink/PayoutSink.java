package dev.idempotent4j.samples.sink;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.idempotent4j.jdbc.JdbcStore;
import dev.idempotent4j.jdbc.JdbcTransaction;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An idempotent sink on PostgreSQL, the way a Kafka consumer is one: the broker delivers each event
 * one to three times, to any of several worker JVMs, and each delivery applies the event in a
 * database transaction that the idempotent task joins. The payout row and the dedup record commit
 * together, so however often an event arrives, and whichever worker crashes before its commit,
 * exactly one payout per event is ever committed.
 *
 * <pre>{@code
 * java -cp ... dev.idempotent4j.samples.sink.PayoutSink worker-1 jdbc:postgresql://db/app app secret 200
 * }</pre>
 *
 * The whole demo, with a PostgreSQL of its own and three workers: {@code samples/run-sink.sh 3}.
 */
public final class PayoutSink {

  /** Applies an event: a payout row. Keyed by the event id: one payout per event, ever. */
  private static final Task APPLY =
      Idempotency.task("Payouts.apply").codec(Codecs.string()).ttl("7d").build();

  private PayoutSink() {}

  public static void main(String[] args) throws Exception {
    String worker = args[0];
    int events = Integer.parseInt(args[4]);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[1]);
    config.setUsername(args[2]);
    config.setPassword(args[3]);
    config.setMaximumPoolSize(6);
    try (HikariDataSource dataSource = new HikariDataSource(config);
        JdbcStore store = JdbcStore.builder(dataSource).createSchema(true).build()) {
      Idempotency.configure(Map.of("prefix", "sink"), store);
      createPayoutTable(dataSource);
      // this worker's share of the log: every event, delivered 1-3 times, in its own order
      List<String> deliveries = new ArrayList<>();
      Random random = new Random(worker.hashCode());
      for (int e = 1; e <= events; e++) {
        for (int times = 1 + random.nextInt(3); times > 0; times--) {
          deliveries.add("evt-" + e);
        }
      }
      Collections.shuffle(deliveries, random);
      ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>(deliveries);
      AtomicInteger applied = new AtomicInteger();
      ExecutorService consumers = Executors.newFixedThreadPool(4);
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        running.add(
            consumers.submit(
                () -> {
                  String event;
                  while ((event = log.poll()) != null) {
                    consume(dataSource, event, applied);
                  }
                  return null;
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
      consumers.shutdown();
      System.out.println(
          worker
              + ": "
              + deliveries.size()
              + " deliveries, "
              + applied.get()
              + " payouts applied, "
              + (deliveries.size() - applied.get())
              + " duplicates skipped");
      Idempotency.shutdown();
    }
  }

  /** One delivery: one transaction, which the task joins. */
  private static void consume(HikariDataSource dataSource, String event, AtomicInteger applied)
      throws Exception {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      JdbcTransaction.join(
          c,
          () ->
              APPLY.run(
                  event,
                  () -> {
                    insertPayout(c, event);
                    applied.incrementAndGet();
                    return "paid " + event;
                  }));
      c.commit(); // the payout and its record, together
    }
  }

  private static void insertPayout(Connection c, String event) {
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO payout (event_id, cents) VALUES (?, 1000)")) {
      s.setString(1, event);
      s.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void createPayoutTable(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      // no unique constraint on event_id, on purpose: a second payout would show
      c.createStatement()
          .execute(
              "CREATE TABLE IF NOT EXISTS payout (id bigserial PRIMARY KEY, event_id text NOT"
                  + " NULL, cents bigint NOT NULL)");
    } catch (SQLException e) {
      if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
        throw e; // two workers creating it at once: one wins
      }
    }
  }
}
