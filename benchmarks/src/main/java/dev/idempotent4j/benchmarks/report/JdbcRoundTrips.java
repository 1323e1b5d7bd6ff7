package dev.idempotent4j.benchmarks.report;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.idempotent4j.jdbc.JdbcStore;
import dev.idempotent4j.jdbc.JdbcTransaction;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.testing.PostgresServer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Counts the database round trips of one call of each PostgreSQL flow, single-threaded: every
 * statement execution and every commit on connections of a counting data source (with the
 * PostgreSQL driver each is one network round trip; {@code setAutoCommit(false)} sends nothing, the
 * driver begins the transaction with the first statement). Prints:
 *
 * <pre>
 * roundtrips jdbc.first 200 2.00
 * </pre>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.idempotent4j.benchmarks.report.JdbcRoundTrips
 * </pre>
 */
public final class JdbcRoundTrips {
  static final int CALLS = 200;
  private static final Set<String> TRIPS =
      Set.of(
          "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "commit", "rollback");
  private static final AtomicLong trips = new AtomicLong();

  private JdbcRoundTrips() {}

  public static void main(String[] args) throws Exception {
    try (PostgresServer server = PostgresServer.start()) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(server.url());
      config.setUsername(server.user());
      config.setPassword(server.password());
      config.setMaximumPoolSize(2);
      try (HikariDataSource pool = new HikariDataSource(config)) {
        DataSource counted = counting(pool);
        try (Connection c = pool.getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE TABLE bench_payout (id bigserial PRIMARY KEY, ref text)");
        }
        JdbcStore store = JdbcStore.builder(counted).createSchema(true).build();
        Idempotency.configure(Map.of("local.max-size", "1"), store);
        Task task = Idempotency.task("Trips.first").codec(Codecs.string()).build();
        for (int i = 0; i < 20; i++) { // warm-up: pool, prepared statements
          String key = "w" + i;
          task.run(key, () -> key);
          task.run(key, () -> key);
        }
        print(
            "store.first",
            () -> {
              String key = "s" + System.nanoTime();
              Claim claim =
                  store.claim(
                      new ClaimRequest(
                          key, null, "me", Duration.ofSeconds(30), Duration.ofMinutes(5)));
              store.complete(key, ((Claim.Claimed) claim).fence(), "\"x\"", Duration.ofMinutes(5));
            });
        print(
            "jdbc.first",
            () -> {
              String key = "f" + trips.get() + "-" + System.nanoTime();
              task.run(key, () -> key);
            });
        for (int i = 0; i < CALLS; i++) {
          String key = "d" + i;
          task.run(key, () -> key);
        }
        int[] next = {0};
        print(
            "jdbc.duplicate",
            () -> {
              String key = "d" + (next[0]++ % CALLS);
              task.run(key, () -> key);
            });
        print(
            "jdbc.transaction.plain",
            () -> {
              try (Connection c = counted.getConnection()) {
                c.setAutoCommit(false);
                insert(c, "p" + System.nanoTime());
                c.commit();
                c.setAutoCommit(true);
              }
            });
        print(
            "jdbc.transaction.joined",
            () -> {
              try (Connection c = counted.getConnection()) {
                c.setAutoCommit(false);
                String key = "t" + System.nanoTime();
                JdbcTransaction.join(c, () -> task.run(key, () -> insert(c, key)));
                c.commit();
                c.setAutoCommit(true);
              }
            });
        Idempotency.shutdown();
        store.close();
      }
    }
  }

  private interface Call {
    void run() throws Exception;
  }

  private static void print(String name, Call call) throws Exception {
    long before = trips.get();
    long start = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      call.run();
    }
    long micros = (System.nanoTime() - start) / 1000 / CALLS;
    double perCall = (trips.get() - before) / (double) CALLS;
    System.out.println(
        String.format(
            Locale.ROOT,
            "roundtrips %s %d %.2f (%d us per call, unmeasured)",
            name,
            CALLS,
            perCall,
            micros));
  }

  private static String insert(Connection c, String ref) {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO bench_payout (ref) VALUES (?)")) {
      s.setString(1, ref);
      s.executeUpdate();
      return ref;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A data source whose connections and statements count their round trips. */
  private static DataSource counting(DataSource target) {
    return proxy(DataSource.class, target);
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, T target) {
    InvocationHandler handler =
        (p, method, args) -> {
          if (TRIPS.contains(method.getName())) {
            trips.incrementAndGet();
          }
          Object result;
          try {
            result = method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (result instanceof PreparedStatement ps
              && method.getReturnType() == PreparedStatement.class) {
            return proxy(PreparedStatement.class, ps);
          }
          if (result instanceof Statement st && method.getReturnType() == Statement.class) {
            return proxy(Statement.class, st);
          }
          if (result instanceof Connection conn && method.getReturnType() == Connection.class) {
            return proxy(Connection.class, conn);
          }
          return result;
        };
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
  }
}
