package dev.idempotent4j.runtime;

/**
 * Another call for the same key is still running, and this one may not wait for it: the task says
 * {@code onInProgress = THROW}, or a {@code WAIT} ran out of {@code waitTimeout}. Nothing ran; the
 * caller may retry later.
 *
 * <pre>{@code
 * try {
 *   reports.build(day);
 * } catch (TaskInProgressException e) {
 *   message.nack(Duration.ofSeconds(5));   // redeliver later, when the first run has finished
 * }
 * }</pre>
 */
public class TaskInProgressException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public TaskInProgressException(String message) {
    super(message);
  }

  public TaskInProgressException(String message, Throwable cause) {
    super(message, cause);
  }
}
