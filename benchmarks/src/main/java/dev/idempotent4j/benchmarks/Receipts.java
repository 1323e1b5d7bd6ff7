package dev.idempotent4j.benchmarks;

/**
 * The body of the benchmarked task, shared by the woven method and every hand-written flow, so that
 * only the deduplication around it differs.
 *
 * <pre>{@code
 * String receipt = Receipts.confirm("order-42"); // "confirmed:order-42"
 * }</pre>
 */
public final class Receipts {

  private Receipts() {}

  /** The receipt of {@code orderId}: cheap on purpose, the benchmarks measure what surrounds it. */
  public static String confirm(String orderId) {
    return "confirmed:" + orderId;
  }
}
