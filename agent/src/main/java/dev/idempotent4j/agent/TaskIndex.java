package dev.idempotent4j.agent;

import dev.idempotent4j.contract.TaskIndexFormat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tasks that the processor found in the code one class loader sees: every {@code
 * META-INF/idempotent4j/tasks} resource merged, read in the {@link TaskIndexFormat} that the
 * processor writes. A line names a task method and the generated constant that holds its invoker:
 *
 * <pre>{@code
 * # idempotent4j task index v1
 * com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt; com.acme.Payments_Idempotent4j charge
 * }</pre>
 *
 * <p>Only the format's constants are used, which javac inlines: this class must load nothing from
 * the annotations jar, which the agent's class loader may not see.
 *
 * <p>A line that does not parse is reported on standard error and left out: its class then counts
 * as one the processor did not see, so its tasks fail loudly instead of running bare.
 */
final class TaskIndex {

  static final TaskIndex EMPTY = new TaskIndex(Map.of());

  /** One task method and the static field holding its {@code TaskInvoker}. */
  record Entry(
      String declaringClass,
      String methodName,
      String descriptor,
      String invokerClass,
      String invokerField) {}

  private final Map<String, List<Entry>> byClass;

  private TaskIndex(Map<String, List<Entry>> byClass) {
    this.byClass = byClass;
  }

  /** Reads and merges every index resource visible to {@code loader}. */
  static TaskIndex load(ClassLoader loader) {
    Builder builder = new Builder();
    try {
      Enumeration<URL> resources = loader.getResources(TaskIndexFormat.RESOURCE);
      while (resources.hasMoreElements()) {
        URL url = resources.nextElement();
        URLConnection connection = url.openConnection();
        // A jar opened through a cached connection stays locked (Windows) and stale after rebuilds.
        connection.setUseCaches(false);
        try (InputStream in = connection.getInputStream()) {
          builder.read(new InputStreamReader(in, StandardCharsets.UTF_8), url.toString());
        }
      }
    } catch (IOException e) {
      AgentLog.error(
          "cannot read " + TaskIndexFormat.RESOURCE + " from " + loader + ": " + e, null);
    }
    return builder.build();
  }

  /** Parses one index text; {@code source} names it in messages. */
  static TaskIndex parse(String text, String source) {
    Builder builder = new Builder();
    try {
      builder.read(new StringReader(text), source);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return builder.build();
  }

  /** Whether the processor listed tasks for the class with this binary name. */
  boolean declares(String className) {
    return byClass.containsKey(className);
  }

  /** The tasks of the class with this binary name, empty if it has none. */
  List<Entry> entries(String className) {
    return byClass.getOrDefault(className, List.of());
  }

  int size() {
    return byClass.values().stream().mapToInt(List::size).sum();
  }

  private static final class Builder {
    private final Map<String, List<Entry>> byClass = new HashMap<>();

    void read(Reader reader, String source) throws IOException {
      BufferedReader lines = new BufferedReader(reader);
      String header = lines.readLine();
      if (header == null || !header.strip().equals(TaskIndexFormat.HEADER)) {
        AgentLog.error(
            source
                + " does not start with \""
                + TaskIndexFormat.HEADER
                + "\" (found \""
                + header
                + "\"); it was written by another idempotent4j version. Build the application"
                + " and the agent from the same idempotent4j release. The file is ignored.",
            null);
        return;
      }
      int number = 1;
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        int comment = line.indexOf(TaskIndexFormat.COMMENT);
        String content = (comment < 0 ? line : line.substring(0, comment)).strip();
        if (content.isEmpty()) {
          continue;
        }
        String[] fields = content.split(TaskIndexFormat.SEPARATOR, -1);
        if (fields.length != TaskIndexFormat.FIELDS
            || List.of(fields).contains("")
            || !fields[TaskIndexFormat.DESCRIPTOR_FIELD].startsWith(
                TaskIndexFormat.DESCRIPTOR_START)) {
          AgentLog.error(
              source
                  + " line "
                  + number
                  + ": \""
                  + line
                  + "\" is not \""
                  + TaskIndexFormat.LINE_SHAPE
                  + "\"; the line is ignored, so the tasks of its class will refuse to run.",
              null);
          continue;
        }
        Entry entry = new Entry(fields[0], fields[1], fields[2], fields[3], fields[4]);
        List<Entry> entries =
            byClass.computeIfAbsent(entry.declaringClass(), k -> new ArrayList<>());
        if (!entries.contains(entry)) {
          entries.add(entry);
        }
      }
    }

    TaskIndex build() {
      if (byClass.isEmpty()) {
        return EMPTY;
      }
      Map<String, List<Entry>> copy = new HashMap<>();
      byClass.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      return new TaskIndex(Collections.unmodifiableMap(copy));
    }
  }
}
