package dev.idempotent4j.samples.payments;

import dev.idempotent4j.IdempotentTask;

/** The handler: one annotation makes it charge each payment once, however often it is delivered. */
public final class Payments {
  private final CardGateway gateway;

  public Payments(CardGateway gateway) {
    this.gateway = gateway;
  }

  /**
   * Charges a payment once per payment id for 24 hours. Concurrent duplicates wait for the first
   * charge and are handed its receipt; a duplicate with another amount fails with {@code
   * KeyReuseException}.
   */
  @IdempotentTask(
      key = "charge:{message.paymentId}",
      ttl = "24h",
      fingerprint = {"message.amountCents"})
  public Receipt charge(PaymentMessage message) {
    return gateway.charge(message);
  }
}
