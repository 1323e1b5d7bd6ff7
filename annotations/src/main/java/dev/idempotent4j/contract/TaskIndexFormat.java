package dev.idempotent4j.contract;

import java.util.List;

/**
 * The task index: the resource the processor writes and the agent weaves from. <strong>For
 * idempotent4j's own modules, not an API.</strong>
 *
 * <pre>
 * # idempotent4j task index v1
 * com.acme.Payments charge (Lcom/acme/Order;)Lcom/acme/Receipt; com.acme.Payments_Idempotent4j charge
 * </pre>
 *
 * <p>The first line is {@link #HEADER}; a reader that finds another header ignores the file (it was
 * written by another version). Then one line per task: the binary name of the declaring class, the
 * method name, the JVM descriptor of the erased method, the binary name of the generated class and
 * the name of its {@code TaskInvoker} field, separated by single spaces. {@code #} starts a
 * comment; blank lines are ignored.
 *
 * <pre>{@code
 * String line = TaskIndexFormat.line("com.acme.Payments", "charge", "(J)V", "com.acme.Payments_Idempotent4j", "charge");
 * TaskIndexFormat.fields(line);   // [com.acme.Payments, charge, (J)V, com.acme.Payments_Idempotent4j, charge]
 * }</pre>
 */
public final class TaskIndexFormat {

  /** Where the index lives, in the class output and in every jar. */
  public static final String RESOURCE = "META-INF/idempotent4j/tasks";

  /** The first line of an index of this format. */
  public static final String HEADER = "# idempotent4j task index v1";

  /** A line's fields in words, for messages about a line that does not parse. */
  public static final String LINE_SHAPE = "<class> <method> <descriptor> <invoker class> <field>";

  private static final int FIELDS = 5;
  private static final String SEPARATOR = " ";
  private static final char COMMENT = '#';

  private TaskIndexFormat() {}

  /** The index line of one task (without its line break). */
  public static String line(
      String declaringClass,
      String methodName,
      String descriptor,
      String invokerClass,
      String invokerField) {
    return String.join(
        SEPARATOR, declaringClass, methodName, descriptor, invokerClass, invokerField);
  }

  /**
   * The fields of one index line in the order of {@link #line}, or an empty list for a line that
   * holds only a comment or white space.
   *
   * @throws IllegalArgumentException if the line is not of the shape {@link #LINE_SHAPE}
   */
  public static List<String> fields(String line) {
    int comment = line.indexOf(COMMENT);
    String content = (comment < 0 ? line : line.substring(0, comment)).strip();
    if (content.isEmpty()) {
      return List.of();
    }
    List<String> fields = List.of(content.split(SEPARATOR, -1));
    if (fields.size() != FIELDS || fields.contains("") || !fields.get(2).startsWith("(")) {
      throw new IllegalArgumentException("\"" + line + "\" is not \"" + LINE_SHAPE + "\"");
    }
    return fields;
  }
}
