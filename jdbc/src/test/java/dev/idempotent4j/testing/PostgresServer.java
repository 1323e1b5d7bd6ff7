package dev.idempotent4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A PostgreSQL server this fixture started and owns: Debian's {@code postgresql} binaries ({@code
 * initdb}, {@code postgres} under {@code /usr/lib/postgresql/<version>/bin}), a fresh cluster in a
 * temporary directory, on a free loopback port, durability off ({@code fsync=off}: tests, not
 * data). Tests may kill it ({@code kill -9} of every server process), pause it ({@code SIGSTOP}),
 * resume it and restart it on the same port with the same data. It never talks to a server it did
 * not start; every server is stopped after the test class (as a JUnit extension) and by a JVM
 * shutdown hook.
 *
 * <p>{@code initdb} refuses to run as root, so as root the cluster belongs to the {@code postgres}
 * user and its commands run through {@code runuser}. If the binaries are missing or the server does
 * not start, {@link #start()} throws: the test fails, it never skips.
 *
 * <pre>{@code
 * @RegisterExtension static final PostgresServer pg = PostgresServer.start();
 *
 * @Test void survivesRestart() throws Exception {
 *   try (Connection c = pg.connect()) { ... }   // jdbc:postgresql://127.0.0.1:<port>/postgres
 *   pg.kill();                                  // SIGKILL
 *   pg.restart();                               // same port, same data
 * }
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final String USER = "i4j";
  private static final String PASSWORD = "i4j-secret";
  private static final Set<PostgresServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(PostgresServer::close), "idempotent4j-postgres-cleanup"));
  }

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;
  private volatile Process process;

  private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Creates a cluster with a password user {@code i4j} and starts it. */
  public static PostgresServer start() {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path dir = Files.createTempDirectory("i4j-pg-");
      PostgresServer server = new PostgresServer(bin, dir, freePort(), root);
      if (root) {
        run(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      }
      Path pwfile = dir.resolve("pwfile");
      Files.writeString(pwfile, PASSWORD + "\n", StandardCharsets.UTF_8);
      if (root) {
        run(List.of("chown", "postgres:postgres", pwfile.toString()));
      }
      run(
          server.asOwner(
              List.of(
                  bin.resolve("initdb").toString(),
                  "-D",
                  dir.resolve("data").toString(),
                  "-U",
                  USER,
                  "--pwfile=" + pwfile,
                  "--auth=scram-sha-256",
                  "-E",
                  "UTF8",
                  "--no-sync",
                  "--locale=C")));
      RUNNING.add(server);
      server.launch();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a PostgreSQL cluster", e);
    }
  }

  /** The JDBC URL of database {@code postgres} on this server. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  public String user() {
    return USER;
  }

  public String password() {
    return PASSWORD;
  }

  /** A new connection (autocommit) as the fixture's user. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), USER, PASSWORD);
  }

  /** Runs SQL statements on a connection of their own. */
  public void execute(String... sql) {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + String.join("; ", sql), e);
    }
  }

  /** {@code kill -9} of the postmaster and every backend: an abrupt crash. */
  public void kill() {
    List<ProcessHandle> all = new ArrayList<>(process.toHandle().descendants().toList());
    signal("KILL");
    awaitExit();
    // the postmaster's children too: a survivor holding shared memory would refuse the restart
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
      sleep(20);
    }
  }

  /** {@code SIGSTOP} of every server process: connections stay open, nothing answers. */
  public void pause() {
    signal("STOP");
  }

  /** {@code SIGCONT} after {@link #pause()}. */
  public void resume() {
    signal("CONT");
  }

  /** Starts the server again on the same port with the same data, after {@link #kill()}. */
  public void restart() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("PostgreSQL on port " + port + " still runs");
    }
    launch();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    RUNNING.remove(this);
    if (process != null) {
      signal("CONT");
      signal("KILL");
      awaitExit();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans up what is left
    }
  }

  private void launch() {
    List<String> command =
        asOwner(
            List.of(
                bin.resolve("postgres").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-p",
                Integer.toString(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=" + dir,
                "-c",
                "fsync=off",
                "-c",
                "synchronous_commit=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=200",
                "-c",
                "shared_buffers=32MB"));
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    SQLException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        break;
      }
      try (Connection c = connect()) {
        return;
      } catch (SQLException e) {
        last = e;
      }
      sleep(50);
    }
    String log;
    try {
      log = Files.readString(dir.resolve("server.log"));
    } catch (IOException e) {
      log = "(no log: " + e + ")";
    }
    throw new IllegalStateException(
        "PostgreSQL did not start on port "
            + port
            + " within "
            + START_TIMEOUT
            + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")")
            + ":\n"
            + log,
        last);
  }

  /** Sends {@code signal} to the postmaster and all its descendants (backends, checkpointer). */
  private void signal(String signal) {
    Process started = process;
    if (started == null) {
      return;
    }
    List<String> pids = new ArrayList<>();
    started.toHandle().descendants().forEach(p -> pids.add(Long.toString(p.pid())));
    pids.add(Long.toString(started.pid()));
    List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
    command.addAll(pids);
    try {
      new ProcessBuilder(command).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitExit() {
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("PostgreSQL on port " + port + " did not exit");
      }
      // postmaster.pid stays behind after kill -9; postgres sees that its pid is gone and
      // starts over it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** As root, commands on the cluster run as {@code postgres} (initdb refuses root). */
  private List<String> asOwner(List<String> command) {
    if (!asPostgresUser) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    wrapped.addAll(command);
    return wrapped;
  }

  private static Path binaries() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString())))
          .orElseThrow();
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "No PostgreSQL server binaries under "
              + root
              + ": install Debian's postgresql package (apt-get install -y postgresql; .ci/run"
              + " does this). The PostgreSQL tests need a real server and do not skip.",
          e);
    }
  }

  private static void run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed:\n" + out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
