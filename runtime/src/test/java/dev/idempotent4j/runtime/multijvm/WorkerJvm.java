package dev.idempotent4j.runtime.multijvm;

import dev.idempotent4j.testsupport.LineJvm;
import java.time.Duration;

/**
 * A forked JVM running {@link Worker} on the test classpath (no agent: the worker uses the {@code
 * Task} API), speaking the worker's line protocol: it says {@code ready} once started, and answers
 * each command with one line of {@code name=value} words.
 *
 * <pre>{@code
 * try (WorkerJvm jvm = WorkerJvm.start("a")) {
 *   jvm.send("configure redis=" + redis.uri());
 *   jvm.expect("ok", Duration.ofSeconds(10));
 * }
 * }</pre>
 */
final class WorkerJvm extends LineJvm {

  private WorkerJvm(String name, Class<?> main) {
    super("worker " + name, main, name);
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
    return new WorkerJvm(name, main);
  }

  WorkerJvm awaitReady() {
    expect("ready", Duration.ofSeconds(60));
    return this;
  }

  /** Sends {@code command} and returns its one-line answer, failing on an {@code error} answer. */
  String call(String command, Duration limit) {
    send(command);
    return expect("", limit);
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
}
