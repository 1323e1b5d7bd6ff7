package dev.idempotent4j.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.idempotent4j.jdbc.JdbcStore;
import dev.idempotent4j.jdbc.JdbcTransaction;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.codec.Codecs;
import dev.idempotent4j.testing.PostgresServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The PostgreSQL store against the hand-written JDBC it replaces, in the same run, on the same
 * server (one the benchmark starts itself with Debian's binaries, or {@code -Dbench.jdbc=URL} with
 * {@code -Dbench.jdbc.user/password}), each flow on a HikariCP pool of 8. Programmatic tasks
 * ({@code Idempotency.task}), so no agent is needed.
 *
 * <ul>
 *   <li>{@code firstExecution}: a never-seen key in leased mode, against the ledger flow teams
 *       write (SELECT the key; INSERT ... ON CONFLICT DO NOTHING; run; UPDATE the result): 3 round
 *       trips against our 2 (claim, complete).
 *   <li>{@code duplicate}: a key completed earlier, with a cold local tier ({@code
 *       local.max-size=1}, 4,096 keys cycled), against one primary-key SELECT: 1 round trip each.
 *   <li>{@code transactional}: the application's own transaction (BEGIN; INSERT a payout; COMMIT),
 *       plain against inside {@link JdbcTransaction#join} with a task: the added cost is the claim
 *       and the complete on the same connection (2 round trips, no extra commit).
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PostgresStoreBenchmark -wi 3 -w 1 -i 5 -r 1 -f 1
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class PostgresStoreBenchmark {

  static final int DUPLICATES = 4096;

  /** {@code idempotent4j} or the hand-written equivalent. */
  @Param({"idempotent4j", "handwritten"})
  public String flow;

  private PostgresServer server;
  private HikariDataSource pool;
  private JdbcStore store;
  private Task firstTask;
  private Task duplicateTask;
  private final AtomicLong counter = new AtomicLong();
  private final String run = UUID.randomUUID().toString().substring(0, 8);

  @Setup(Level.Trial)
  public void start() throws SQLException {
    String url = System.getProperty("bench.jdbc");
    String user = System.getProperty("bench.jdbc.user");
    String password = System.getProperty("bench.jdbc.password");
    if (url == null) {
      server = PostgresServer.start();
      url = server.url();
      user = server.user();
      password = server.password();
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(8);
    pool = new HikariDataSource(config);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS ledger (key text PRIMARY KEY, state text NOT NULL,"
              + " result text)");
      s.execute("CREATE TABLE IF NOT EXISTS bench_payout (id bigserial PRIMARY KEY, ref text)");
    }
    store = JdbcStore.builder(pool).createSchema(true).build();
    // a cold local tier for the duplicate case: at most one of the cycled keys is in memory
    Idempotency.configure(Map.of("prefix", "b" + run, "local.max-size", "1"), store);
    firstTask = Idempotency.task("Bench.first").codec(Codecs.string()).build();
    duplicateTask = Idempotency.task("Bench.duplicate").codec(Codecs.string()).build();
    for (int i = 0; i < DUPLICATES; i++) {
      String key = "d" + i;
      duplicateTask.run(key, () -> body(key));
      ledgerFirst("dup:" + run + ":" + key);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    Idempotency.shutdown();
    store.close();
    pool.close();
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public String firstExecution() throws SQLException {
    String key = "f" + counter.incrementAndGet();
    if (flow.equals("idempotent4j")) {
      return firstTask.run(key, () -> body(key));
    }
    return ledgerFirst(run + ":" + key);
  }

  @Benchmark
  public String duplicate() throws SQLException {
    String key = "d" + (counter.incrementAndGet() % DUPLICATES);
    if (flow.equals("idempotent4j")) {
      return duplicateTask.run(key, () -> body(key));
    }
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT result FROM ledger WHERE key = ?")) {
      s.setString(1, "dup:" + run + ":" + key);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getString(1);
      }
    }
  }

  @Benchmark
  public String transactional() throws Exception {
    String key = "t" + counter.incrementAndGet();
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      String value;
      if (flow.equals("idempotent4j")) {
        value = JdbcTransaction.join(c, () -> firstTask.run(key, () -> insertPayout(c, key)));
      } else {
        value = insertPayout(c, key);
      }
      c.commit();
      c.setAutoCommit(true);
      return value;
    }
  }

  /** The ledger flow teams write by hand: SELECT; INSERT ON CONFLICT DO NOTHING; run; UPDATE. */
  private String ledgerFirst(String key) throws SQLException {
    try (Connection c = pool.getConnection()) {
      try (PreparedStatement s = c.prepareStatement("SELECT result FROM ledger WHERE key = ?")) {
        s.setString(1, key);
        try (ResultSet r = s.executeQuery()) {
          if (r.next() && r.getString(1) != null) {
            return r.getString(1);
          }
        }
      }
      try (PreparedStatement s =
          c.prepareStatement(
              "INSERT INTO ledger (key, state) VALUES (?, 'running') ON CONFLICT DO NOTHING")) {
        s.setString(1, key);
        if (s.executeUpdate() == 0) {
          return null; // another worker runs it
        }
      }
      String result = body(key);
      try (PreparedStatement s =
          c.prepareStatement("UPDATE ledger SET state = 'done', result = ? WHERE key = ?")) {
        s.setString(1, result);
        s.setString(2, key);
        s.executeUpdate();
      }
      return result;
    }
  }

  private static String insertPayout(Connection c, String ref) {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO bench_payout (ref) VALUES (?)")) {
      s.setString(1, ref);
      s.executeUpdate();
      return ref;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String body(String key) {
    return "{\"order\":\"" + key + "\",\"status\":\"CONFIRMED\"}";
  }
}
