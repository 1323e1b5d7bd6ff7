package dev.idempotent4j.runtime;

/**
 * The key could not be derived from the call's arguments, typically because a value on the key's
 * path is {@code null}. The method does not run: an unkeyed run would defeat the deduplication.
 *
 * <pre>{@code
 * @IdempotentTask(key = "charge:{order.id}")
 * Receipt charge(Order order) {
 *   return gateway.charge(order.id());
 * }
 *
 * charge(new Order(null, 100));   // KeyDerivationException: ... 'order.id' is null
 * }</pre>
 */
public class KeyDerivationException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public KeyDerivationException(String message) {
    super(message);
  }

  public KeyDerivationException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The standard failure of a generated key deriver: {@code path} of {@code task}'s key is null.
   */
  public static KeyDerivationException nullOnPath(String task, String template, String path) {
    return new KeyDerivationException(
        "Cannot derive the key of task '"
            + task
            + "' (key = \""
            + template
            + "\"): '"
            + path
            + "' is null. Pass a non-null value, or change the key template to a path that is"
            + " never null.");
  }
}
