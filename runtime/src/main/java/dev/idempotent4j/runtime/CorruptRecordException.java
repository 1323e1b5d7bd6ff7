package dev.idempotent4j.runtime;

/**
 * The value stored under a task's key is not a record idempotent4j wrote, or its result does not
 * decode as the method's return type (for example after an incompatible change of the return type).
 * It is reported with its key and left untouched, and the method does not run: running it could
 * repeat a side effect that the unreadable record describes.
 *
 * <pre class="language-text">{@code
 * CorruptRecordException: i4j:Payments.charge:42 holds a value that is not an idempotent4j
 * record (a Redis list). Inspect it with redis-cli and delete it if it is stale.
 * }</pre>
 */
public class CorruptRecordException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  /** The task key whose record is unreadable, or {@code null} when the thrower did not say. */
  private final String key;

  public CorruptRecordException(String message) {
    this(null, message, null);
  }

  public CorruptRecordException(String message, Throwable cause) {
    this(null, message, cause);
  }

  /**
   * A corrupt record of task key {@code key}; {@code message} says what is wrong with it and
   * already names the key.
   */
  public CorruptRecordException(String key, String message, Throwable cause) {
    super(message, cause);
    this.key = key;
  }

  /** The task key whose record is unreadable ({@code null} if unknown), for logs and metrics. */
  public String key() {
    return key;
  }
}
