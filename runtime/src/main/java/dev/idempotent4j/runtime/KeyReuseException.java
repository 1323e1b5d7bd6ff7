package dev.idempotent4j.runtime;

/**
 * The key was used before for a different request: same key, another fingerprint (the 422 case of
 * Stripe's API and of the IETF Idempotency-Key draft). Nothing ran.
 *
 * <pre>{@code
 * @IdempotentTask(key = "charge:{order.id}", fingerprint = {"order.amountCents"})
 * Receipt charge(Order order) {
 *   return gateway.charge(order.id());
 * }
 *
 * charge(new Order(7, 1000));
 * charge(new Order(7, 2500));   // KeyReuseException: same order id, another amount
 * }</pre>
 */
public class KeyReuseException extends IdempotencyException {
  private static final long serialVersionUID = 1L;

  public KeyReuseException(String message) {
    super(message);
  }

  public KeyReuseException(String message, Throwable cause) {
    super(message, cause);
  }
}
