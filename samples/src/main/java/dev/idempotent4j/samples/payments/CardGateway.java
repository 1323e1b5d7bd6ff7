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
  private final AtomicInteger charges = new AtomicInteger();

  /** Charges the card; slow, like a real network call. */
  public Receipt charge(PaymentMessage message) {
    pause(150);
    int n = charges.incrementAndGet();
    return new Receipt(
        "R-" + n, message.paymentId(), message.amountCents(), message.delivery());
  }

  /** How many times a card was really charged. */
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
