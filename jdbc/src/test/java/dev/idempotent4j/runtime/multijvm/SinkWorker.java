package dev.idempotent4j.runtime.multijvm;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.idempotent4j.jdbc.JdbcTransaction;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testsupport.LineWorker;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A worker JVM of an idempotent sink on PostgreSQL: each delivered event inserts a payout row in a
 * transaction that the task joins, so the dedup record commits with the payout. Driven like {@link
 * Worker}, one command per line:
 *
 * <pre>{@code
 * configure jdbc=... jdbc.user=... jdbc.password=... prefix=p1   -> ok
 * deliver <event>                         -> ok value=V          (one delivery)
 * sink <events> <threads> <seed>          -> ok deliveries=D executions=E
 *                                            (every event e0.. delivered 1-3 times, shuffled)
 * hold <event>                            -> inserted            (then never commits)
 * }</pre>
 */
public final class SinkWorker {
  private static HikariDataSource business;
  private static Task apply;

  private SinkWorker() {}

  public static void main(String[] args) throws Exception {
    LineWorker.serve(SinkWorker::command);
  }

  /** One command line; false after {@code exit}. */
  private static boolean command(String[] words, String line) throws Exception {
    switch (words[0]) {
      case "configure":
        Map<String, String> settings = LineWorker.settings(words);
        Idempotency.configure(settings);
        if (business != null) {
          business.close();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.get("jdbc"));
        config.setUsername(settings.get("jdbc.user"));
        config.setPassword(settings.get("jdbc.password"));
        config.setMaximumPoolSize(8);
        business = new HikariDataSource(config);
        apply =
            Idempotency.task("Sink.apply")
                .codec(Codecs.string())
                .waitTimeout(Duration.ofSeconds(30))
                .build();
        reply("ok");
        break;
      case "deliver":
        reply("ok value=" + deliver(words[1], null));
        break;
      case "sink":
        reply(
            sink(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Long.parseLong(words[3])));
        break;
      case "hold":
        CountDownLatch never = new CountDownLatch(1);
        Thread holder =
            new Thread(
                () -> {
                  try {
                    deliver(words[1], never);
                  } catch (Exception e) {
                    reply("error " + e);
                  }
                });
        holder.start();
        break;
      default:
        reply("error unknown-command " + line);
    }
    return true;
  }

  /** One delivery: payout and record in one transaction. {@code hold}: stop before the commit. */
  private static String deliver(String event, CountDownLatch hold) throws Exception {
    try (Connection c = business.getConnection()) {
      c.setAutoCommit(false);
      String value =
          JdbcTransaction.join(
              c,
              () ->
                  apply.run(
                      event,
                      () -> {
                        try (PreparedStatement s =
                            c.prepareStatement(
                                "INSERT INTO payout (event_id, cents) VALUES (?, 100)")) {
                          s.setString(1, event);
                          s.executeUpdate();
                        } catch (java.sql.SQLException e) {
                          throw new IllegalStateException(e);
                        }
                        return "paid-" + event + "-by-" + ProcessHandle.current().pid();
                      }));
      if (hold != null) {
        reply("inserted");
        hold.await(); // killed here: neither the payout nor the record is committed
      }
      c.commit();
      return value;
    }
  }

  private static String sink(int events, int threads, long seed) throws Exception {
    List<String> deliveries = new ArrayList<>();
    Random random = new Random(seed);
    for (int e = 0; e < events; e++) {
      int times = 1 + random.nextInt(3);
      for (int t = 0; t < times; t++) {
        deliveries.add("e" + e);
      }
    }
    Collections.shuffle(deliveries, random);
    ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>(deliveries);
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                String event;
                while ((event = queue.poll()) != null) {
                  deliver(event, null);
                  done.incrementAndGet();
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    pool.shutdown();
    return "ok deliveries=" + done.get();
  }

  private static void reply(String line) {
    LineWorker.reply(line);
  }
}
