package dev.idempotent4j.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code redis-server} process this fixture started and owns: on a free loopback port, in its own
 * temporary directory, with persistence off ({@code --save "" --appendonly no}). Tests may kill it
 * ({@code kill -9}), pause it ({@code SIGSTOP}), resume it and restart it on the same port. It
 * never talks to a Redis it did not start, and every server is stopped on {@link #close()}, when
 * used as a JUnit extension after the test class, and by a JVM shutdown hook otherwise.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServer redis = RedisServer.start();
 *
 * @Test void survivesRestart() {
 *   String uri = redis.uri();          // redis://127.0.0.1:<port>
 *   redis.kill();                      // SIGKILL
 *   redis.restart();                   // same port, empty data
 * }
 * }</pre>
 */
public final class RedisServer implements AutoCloseable, AfterAllCallback {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Set<RedisServer> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> RUNNING.forEach(RedisServer::close), "idempotent4j-redis-fixture-cleanup"));
  }

  private final Path binary;
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final String sentinelConfig;
  private volatile Process process;
  private volatile boolean paused;

  private RedisServer(
      Path binary, int port, Path dir, List<String> extraArgs, String sentinelConfig) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.extraArgs = List.copyOf(extraArgs);
    this.sentinelConfig = sentinelConfig;
  }

  /** Starts a standalone server with the default binary ({@link RedisBinary#find()}). */
  public static RedisServer start() {
    return start(RedisBinary.find());
  }

  /** Starts a standalone server with {@code binary}. */
  public static RedisServer start(Path binary) {
    return start(binary, List.of(), false);
  }

  /**
   * Starts a server with extra {@code redis-server} arguments (e.g. {@code "--requirepass",
   * "secret"}). With {@code clusterBusPort} the port is chosen so that {@code port + 10000} (the
   * cluster bus) is free too.
   */
  public static RedisServer start(Path binary, List<String> extraArgs, boolean clusterBusPort) {
    return start(binary, extraArgs, clusterBusPort, null);
  }

  /**
   * Starts a Sentinel ({@code redis-server <conf> --sentinel}) that monitors {@code master} under
   * {@code masterName} with a quorum of 1. Connect with {@code redis-sentinel://127.0.0.1:<port>#
   * masterName}.
   */
  public static RedisServer startSentinel(RedisServer master, String masterName) {
    return start(
        master.binary,
        List.of(),
        false,
        "sentinel monitor "
            + masterName
            + " 127.0.0.1 "
            + master.port()
            + " 1\n"
            + "sentinel down-after-milliseconds "
            + masterName
            + " 5000\n");
  }

  private static RedisServer start(
      Path binary, List<String> extraArgs, boolean clusterBusPort, String sentinelConfig) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort(clusterBusPort);
      try {
        Path dir = Files.createTempDirectory("idempotent4j-redis-" + port + "-");
        RedisServer server = new RedisServer(binary, port, dir, extraArgs, sentinelConfig);
        try {
          server.launch();
        } catch (RuntimeException e) {
          server.close();
          throw e;
        }
        return server;
      } catch (PortTakenException e) {
        last = e; // another process took the port between probe and start: try another one
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw last;
  }

  /** The loopback port. */
  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** The operating-system process id (while running). */
  public long pid() {
    return process.pid();
  }

  /** The server's log so far, for failure messages. */
  public String log() {
    try {
      return Files.readString(dir.resolve("redis.log"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** A new raw client to this server (the caller closes it). */
  public RespClient client() {
    return new RespClient(port, 5_000);
  }

  /** Runs one command on a fresh connection: for set-up and inspection in tests. */
  public Object call(String... args) {
    try (RespClient client = client()) {
      return client.call(args);
    }
  }

  /** Deletes every key (the server keeps running). */
  public void flushAll() {
    call("FLUSHALL");
  }

  /** {@code kill -9}: the server dies at once, its data is gone. */
  public void kill() {
    Process current = process;
    if (paused) {
      resume(); // a stopped process would otherwise sit in the kernel until SIGCONT
    }
    current.destroyForcibly();
    waitFor(current);
  }

  /** {@code kill -STOP}: the server stops answering but keeps its connections open. */
  public void pause() {
    signal("STOP");
    paused = true;
  }

  /** {@code kill -CONT} after {@link #pause()}. */
  public void resume() {
    signal("CONT");
    paused = false;
  }

  /** Starts the server again on the same port (after {@link #kill()}), with empty data. */
  public void restart() {
    if (process != null && process.isAlive()) {
      kill();
    }
    try {
      launch();
    } catch (PortTakenException e) {
      throw new IllegalStateException("Port " + port + " was taken while the server was down", e);
    }
  }

  /** Whether the process runs (it may be paused). */
  public boolean isAlive() {
    Process current = process;
    return current != null && current.isAlive();
  }

  /** Kills the server and deletes its directory; safe to call twice. */
  @Override
  public void close() {
    Process current = process;
    if (current != null && current.isAlive()) {
      kill();
    }
    RUNNING.remove(this);
    deleteTree(dir);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public String toString() {
    return "redis-server on 127.0.0.1:" + port;
  }

  List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    if (sentinelConfig != null) {
      // Sentinel rewrites its config file, so it needs one of its own
      command.add(dir.resolve("sentinel.conf").toString());
      command.add("--sentinel");
    }
    command.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--daemonize", "no",
            "--dir", dir.toString(),
            "--logfile", dir.resolve("redis.log").toString()));
    if (sentinelConfig == null) {
      command.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    command.addAll(extraArgs);
    return command;
  }

  private void launch() {
    if (sentinelConfig != null) {
      try {
        Files.writeString(dir.resolve("sentinel.conf"), sentinelConfig, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      process =
          new ProcessBuilder(command())
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + binary + ": " + e.getMessage(), e);
    }
    RUNNING.add(this);
    awaitReady();
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = log();
        if (log.contains("Address already in use")) {
          throw new PortTakenException(port);
        }
        throw new IllegalStateException(
            "redis-server on port " + port + " exited with " + process.exitValue() + ":\n" + log);
      }
      try (RespClient client = new RespClient(port, 1_000)) {
        client.call("PING");
        return;
      } catch (RespClient.RedisError e) {
        if (!e.getMessage().startsWith("LOADING")) {
          return; // it answers (NOAUTH on a server with a password)
        }
      } catch (RuntimeException notYet) {
        // still starting: connection refused
      }
      pauseBriefly();
    }
    process.destroyForcibly();
    throw new IllegalStateException(
        "redis-server on port "
            + port
            + " did not answer PING within "
            + START_TIMEOUT
            + ":\n"
            + log());
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void waitFor(Process process) {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void pauseBriefly() {
    try {
      Thread.sleep(20); // polling a child process that is starting: not a stand-in for a clock
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A loopback port that is free right now (for extra listeners such as {@code --tls-port}). */
  public static int freePort() {
    return freePort(false);
  }

  private static int freePort(boolean clusterBusPort) {
    for (int i = 0; i < 200; i++) {
      int port = clusterBusPort ? ThreadLocalRandom.current().nextInt(20_000, 45_000) : probe(0);
      if (port > 0 && (!clusterBusPort || (probe(port) == port && probe(port + 10_000) > 0))) {
        return port;
      }
    }
    throw new IllegalStateException("No free loopback port found");
  }

  private static int probe(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }

  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(int port) {
      super("Port " + port + " is already in use");
    }
  }
}
