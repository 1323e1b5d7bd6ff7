package dev.idempotent4j.benchmarks;

import dev.idempotent4j.IdempotentTask;

/**
 * The task every benchmark measures: confirm an order once per order id. With the agent attached
 * the method is woven; the hand-written alternatives in {@code flows} run the same body ({@link
 * Receipts#confirm}) behind their own checks.
 *
 * <pre>{@code
 * String receipt = new Orders().confirm("order-42"); // runs once per id; duplicates replay
 * }</pre>
 */
public class Orders {

  /** The task name, as counters and keys show it. */
  public static final String TASK = "Orders.confirm";

  /** Confirms {@code orderId}: its key is {@code <prefix>:Orders.confirm:order:<orderId>}. */
  @IdempotentTask(key = "order:{orderId}", name = TASK)
  public String confirm(String orderId) {
    return Receipts.confirm(orderId);
  }
}
