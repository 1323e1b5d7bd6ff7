package dev.idempotent4j.runtime.multijvm;

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
 * A forked JVM running {@link Worker} on the test classpath (no agent: the worker uses the {@code
 * Task} API). Commands go to its stdin; its answers are read line by line from stdout; stderr (its
 * log) goes to a file the test can read.
 *
 * <pre>{@code
 * try (WorkerJvm jvm = WorkerJvm.start("a")) {
 *   jvm.send("configure redis=" + redis.uri());
 *   jvm.expect("ok", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
final class WorkerJvm implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private WorkerJvm(String name, Process process, Path stderr) {
    this.name = name;
    this.process = process;
    this.stderr = stderr;
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
                lines.add("error stdout " + e);
              }
            },
            "worker-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Forks a worker JVM; does not wait for it to be ready (see {@link #awaitReady}). */
  static WorkerJvm start(String name) {
    return start(name, Worker.class);
  }

  /**
   * Forks a JVM running {@code main} (with {@code name} as its argument), which speaks the {@link
   * Worker} line protocol: other modules' workers (the PostgreSQL sink) reuse this harness.
   */
  static WorkerJvm start(String name, Class<?> main) {
    try {
      Path stderr = Files.createTempFile("idempotent4j-worker-" + name + "-", ".log");
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      // short-lived test JVMs: start fast, stay small
      command.addAll(
          List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xshare:auto"));
      command.addAll(List.of("-cp", System.getProperty("java.class.path")));
      command.add(main.getName());
      command.add(name);
      Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
      return new WorkerJvm(name, process, stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  WorkerJvm awaitReady() {
    expect("ready", Duration.ofSeconds(60));
    return this;
  }

  void send(String command) {
    try {
      stdin.write(command + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("worker " + name + " is gone: " + log(), e);
    }
  }

  /** Sends {@code command} and returns its one-line answer, failing on an {@code error} answer. */
  String call(String command, Duration limit) {
    send(command);
    return expect("", limit);
  }

  /** The next line, which must start with {@code prefix}. */
  String expect(String prefix, Duration limit) {
    String line;
    try {
      line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (line == null) {
      throw new AssertionError(
          "worker " + name + " said nothing within " + limit + "; its log:\n" + log());
    }
    if (line.startsWith("error") || !line.startsWith(prefix)) {
      throw new AssertionError(
          "worker "
              + name
              + " answered '"
              + line
              + "', expected '"
              + prefix
              + "...'; its log:\n"
              + log());
    }
    return line;
  }

  /** The value of {@code name=} in an answer line. */
  static String field(String line, String name) {
    for (String word : line.split(" ")) {
      if (word.startsWith(name + "=")) {
        return word.substring(name.length() + 1);
      }
    }
    throw new AssertionError("no " + name + "= in '" + line + "'");
  }

  /** What the worker logged on stderr so far. */
  String log() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code kill -STOP}: the JVM stands still, its connections stay open. */
  void pause() {
    signal("STOP");
  }

  /** {@code kill -CONT}. */
  void resume() {
    signal("CONT");
  }

  /** {@code kill -9}. */
  void kill() {
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
      resume();
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
    return "worker " + name + " (pid " + process.pid() + ")";
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
