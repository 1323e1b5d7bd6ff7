package dev.idempotent4j.testing;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Where the test JVM's logging goes: {@code src/test/resources/logging.properties} makes this the
 * only {@code java.util.logging} handler, so the runtime's {@code System.Logger} output and
 * Lettuce's (SLF4J to JUL) are kept in memory instead of printed. A test that provokes a warning
 * asserts it; the records of a test that fails are printed after it, so nothing is lost where it
 * matters. As a JUnit extension (registered for every test class through {@code
 * junit-platform.properties}) it forgets the records before each test.
 *
 * <pre>{@code
 * engine.call(task, "k");                       // Redis is down, fail-mode = open
 * assertThat(CapturedLog.warnings()).anyMatch(m -> m.contains("the shared store is unavailable"));
 * }</pre>
 */
public final class CapturedLog extends Handler implements BeforeEachCallback, TestWatcher {

  /** Records kept at most: a test that logs in a loop must not fill the heap. */
  private static final int LIMIT = 5_000;

  private static final Queue<LogRecord> RECORDS = new ConcurrentLinkedQueue<>();
  private static final Formatter FORMAT = new SimpleFormatter();

  /** Messages logged since this test began, oldest first: {@code "WARNING logger: message"}. */
  public static List<String> messages() {
    return messages(Level.ALL);
  }

  /** Messages at {@link Level#WARNING} and above logged since this test began. */
  public static List<String> warnings() {
    return messages(Level.WARNING);
  }

  private static List<String> messages(Level atLeast) {
    List<String> messages = new ArrayList<>();
    for (LogRecord record : RECORDS) {
      if (record.getLevel().intValue() >= atLeast.intValue()) {
        messages.add(line(record));
      }
    }
    return messages;
  }

  /** Forgets every record so far. */
  public static void clear() {
    RECORDS.clear();
  }

  private static String line(LogRecord record) {
    String line =
        record.getLevel() + " " + record.getLoggerName() + ": " + FORMAT.formatMessage(record);
    return record.getThrown() == null ? line : line + " (" + record.getThrown() + ")";
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null || !isLoggable(record)) {
      return;
    }
    RECORDS.add(record);
    while (RECORDS.size() > LIMIT) {
      RECORDS.poll();
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    clear();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    PrintStream err = System.err;
    err.println("Log of the failed test " + context.getDisplayName() + ":");
    for (LogRecord record : RECORDS) {
      err.println("  " + line(record));
      if (record.getThrown() != null) {
        record.getThrown().printStackTrace(err);
      }
    }
  }
}
