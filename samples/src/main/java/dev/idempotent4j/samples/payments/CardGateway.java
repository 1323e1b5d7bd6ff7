package dev.idempotent4j.samples.payments;

import dev.idempotent4j.AllowUnkeyed;
import dev.idempotent4j.SideEffect;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a card processor. Marked {@code @SideEffect}: the compiler refuses any call to it
 * that is not inside an {@code @IdempotentTask} (or an explicitly reasoned {@code @AllowUnkeyed}).
 */
@SideEffect
public final class CardGateway {
  private final String worker;
  private final AtomicInteger charges = new AtomicInteger();

  /** A gateway client of {@code worker}, the name of this JVM in the receipts. */
  public CardGateway(String worker) {
    this.worker = worker;
  }

  /** Charges the card; slow, like a real network call. */
  public Receipt charge(PaymentMessage message) {
    pause(150);
    int n = charges.incrementAndGet();
    return new Receipt(
        worker + "-R" + n,
        message.paymentId(),
        message.amountCents(),
        worker + "#" + message.delivery());
  }

  /** How many times this JVM really charged a card. */
  @AllowUnkeyed("reads a counter: calling it twice charges nothing")
  public int charges() {
    return charges.get();
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
