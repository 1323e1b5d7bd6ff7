package dev.idempotent4j.runtime;

/**
 * The value of a programmatic call ({@link Task#execute}) together with what happened: whether the
 * body ran or the call was a duplicate handed an earlier outcome.
 *
 * <pre>{@code
 * TaskResult<Receipt> result = CHARGE.execute("order-42", null, () -> gateway.charge(42));
 * if (result.replayed()) {
 *   log.info("order 42 was charged before, attempt {}", result.context().attempt());
 * }
 * Receipt receipt = result.value();
 * }</pre>
 *
 * @param value the value the call returns: its own, or the one handed over
 * @param context the key, fencing token and attempt of the execution that produced {@code value}
 * @param <T> the body's result type
 */
public record TaskResult<T>(T value, IdempotencyContext context) {

  /** Whether the body did not run for this call (a duplicate, or a skip). */
  public boolean replayed() {
    return context.replayed();
  }
}
