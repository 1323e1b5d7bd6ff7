package dev.idempotent4j.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A forked JVM on this test's class path that speaks a line protocol: commands go to its stdin, its
 * answers are read line by line from stdout, and stderr (its log) goes to a file that failures
 * quote. An answer that starts with {@code error} fails the test. The JVM can be paused ({@code
 * kill -STOP}, a long GC pause as far as a lease is concerned), resumed and killed.
 *
 * <p>Subclasses add what their protocol says ({@code ready}, the port a server listens on).
 *
 * <pre>{@code
 * try (LineJvm jvm = new LineJvm("a", Worker.class, "a")) {
 *   jvm.send("configure redis=" + redis.uri());
 *   jvm.expect("ok", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public class LineJvm implements AutoCloseable {

  /** Short-lived test JVMs: start fast, stay small. */
  private static final List<String> JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto");

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /**
   * Forks a JVM running {@code main} with {@code args}; does not wait for it to be ready. {@code
   * name} ({@code "worker a"}) names it in messages and its log file.
   */
  public LineJvm(String name, Class<?> main, String... args) {
    this.name = name;
    try {
      this.stderr = Files.createTempFile("idempotent4j-" + name.replace(' ', '-') + "-", ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(JVM_OPTIONS);
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
      command.addAll(List.of(args));
      this.process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, name.replace(' ', '-') + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  private void readStdout() {
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
      }
    } catch (IOException e) {
      lines.add("error stdout " + e);
    }
  }

  /** Writes one command line to the JVM's stdin. */
  public void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(name + " is gone: " + log(), e);
    }
  }

  /** The next line, which must start with {@code prefix} and not with {@code error}. */
  public String expect(String prefix, Duration limit) {
    String line;
    try {
      line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (line == null) {
      throw new AssertionError(name + " said nothing within " + limit + "; its log:\n" + log());
    }
    if (line.startsWith("error") || !line.startsWith(prefix)) {
      throw new AssertionError(
          name + " answered '" + line + "', expected '" + prefix + "...'; its log:\n" + log());
    }
    return line;
  }

  /** What the JVM logged on stderr so far. */
  public String log() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code kill -STOP}: the JVM stands still, its connections stay open. */
  public void pause() {
    signal("STOP");
  }

  /** {@code kill -CONT}. */
  public void resume() {
    signal("CONT");
  }

  /** {@code kill -9}, and waits for the JVM to be gone. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      resume(); // a stopped JVM would not die before it runs again
      kill();
    }
    try {
      Files.deleteIfExists(stderr);
    } catch (IOException e) {
      // a leftover log file is harmless
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
