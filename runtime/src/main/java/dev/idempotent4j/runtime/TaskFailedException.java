package dev.idempotent4j.runtime;

/**
 * A cached failure replayed in a JVM other than the one where it happened. The original exception
 * cannot cross JVMs safely (no Java serialization), so its type and message travel as text and come
 * back as this exception; {@link #getMessage()} names them.
 *
 * <pre>{@code
 * @IdempotentTask(key = "charge:{order.id}", cacheFailures = CardDeclinedException.class)
 * Receipt charge(Order order) {
 *   return gateway.charge(order.id());
 * }
 * // JVM A: charge(order) throws CardDeclinedException
 * // JVM B: charge(order) throws TaskFailedException: ... CardDeclinedException: insufficient funds
 * }</pre>
 */
public class TaskFailedException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public TaskFailedException(String message) {
    super(message);
  }

  public TaskFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
