package dev.idempotent4j.runtime;

/**
 * The root of every exception idempotent4j throws, so that callers can tell "the idempotency layer
 * refused or failed" apart from the task's own exceptions with one {@code catch}.
 *
 * <pre>{@code
 * try {
 *   payments.charge(order);
 * } catch (TaskInProgressException e) {
 *   redeliverLater(message);      // another worker is charging this order right now
 * } catch (IdempotencyException e) {
 *   alert(e);                     // store down, corrupt record, misconfiguration...
 * }
 * }</pre>
 */
public class IdempotencyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IdempotencyException(String message) {
    super(message);
  }

  public IdempotencyException(String message, Throwable cause) {
    super(message, cause);
  }
}
