package dev.idempotent4j.agent.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what the agent prints on standard error (its only output, {@code AgentLog}) while a test
 * provokes it, so the test asserts the message instead of printing it into the build's output.
 *
 * <pre>{@code
 * String printed = StandardError.capture(() -> loader.loadClass("demo.Mailer"));
 * assertThat(printed).contains("[idempotent4j] ERROR could not weave demo.Mailer");
 * }</pre>
 */
public final class StandardError {

  /** Code that may throw anything, as a test body does. */
  @FunctionalInterface
  public interface Action {
    void run() throws Throwable;
  }

  private StandardError() {}

  /** Runs {@code action} with {@link System#err} captured and returns what it printed there. */
  public static synchronized String capture(Action action) throws Throwable {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream captured = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setErr(captured);
      action.run();
    } finally {
      System.setErr(original);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
