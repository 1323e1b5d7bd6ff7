package dev.idempotent4j.runtime;

/**
 * The shared store (Redis) could not be reached or did not answer within {@code timeout}, and the
 * fail mode is {@code closed} (the default): the method did not run, because running it without the
 * shared check could run it twice.
 *
 * <pre>{@code
 * try {
 *   payments.charge(order);
 * } catch (StoreUnavailableException e) {
 *   message.nack();   // safe: the charge did not happen
 * }
 * }</pre>
 */
public class StoreUnavailableException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message) {
    super(message);
  }

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
