package dev.idempotent4j.contract;

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
 * <p>The agent reads the index with these constants only: javac inlines them, so the agent's own
 * classes, which a class loader may load where this jar is not visible, never load this class.
 *
 * <pre>{@code
 * TaskIndexFormat.line("com.acme.Payments", "charge", "(J)V", "com.acme.Payments_Idempotent4j", "charge");
 * // "com.acme.Payments charge (J)V com.acme.Payments_Idempotent4j charge"
 * }</pre>
 */
public final class TaskIndexFormat {

  /** Where the index lives, in the class output and in every jar. */
  public static final String RESOURCE = "META-INF/idempotent4j/tasks";

  /** The first line of an index of this format. */
  public static final String HEADER = "# idempotent4j task index v1";

  /** A line's fields in words, for messages about a line that does not parse. */
  public static final String LINE_SHAPE = "<class> <method> <descriptor> <invoker class> <field>";

  /** How many fields a task line has. */
  public static final int FIELDS = 5;

  /** Between the fields of a line: exactly one space. */
  public static final String SEPARATOR = " ";

  /** Starts a comment, which runs to the end of the line. */
  public static final char COMMENT = '#';

  /** The field holding the method descriptor, which starts with {@link #DESCRIPTOR_START}. */
  public static final int DESCRIPTOR_FIELD = 2;

  /** The first character of a method descriptor. */
  public static final String DESCRIPTOR_START = "(";

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
}
