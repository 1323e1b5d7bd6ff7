package dev.idempotent4j.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked {@link ServerMain} on the test classpath: a second (or third) server sharing Redis.
 *
 * <pre>{@code
 * try (ServerJvm a = ServerJvm.start("a", redis.uri(), "1s")) {
 *   client.send(HttpRequest.newBuilder(a.uri("/charges"))...);
 * }
 * }</pre>
 */
final class ServerJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final int port;

  private ServerJvm(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("error " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    this.port = Integer.parseInt(expect("ready ").substring("ready ".length()));
  }

  static ServerJvm start(String name, String redisUri, String lease) {
    try {
      Path log = Files.createTempFile("idempotent4j-http-" + name + "-", ".log");
      List<String> command =
          List.of(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              ServerMain.class.getName(),
              name,
              redisUri,
              lease);
      Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
      return new ServerJvm(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The next line from the server, which must start with {@code prefix}. */
  String expect(String prefix) {
    String line;
    try {
      line = lines.poll(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (line == null || !line.startsWith(prefix)) {
      throw new AssertionError(
          "server " + name + " said '" + line + "', expected '" + prefix + "'; log:\n" + log());
    }
    return line;
  }

  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code kill -STOP}: a long GC pause, as far as the lease is concerned. */
  void pause() {
    signal("STOP");
  }

  void resume() {
    signal("CONT");
  }

  private void signal(String signal) {
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    resume();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
