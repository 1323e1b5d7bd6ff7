package dev.idempotent4j.samples.payments;

/**
 * A message on the payments queue. The queue delivers at least once, so the same payment may arrive
 * in several deliveries.
 *
 * @param delivery the queue's delivery number (unique per delivery, not per payment)
 * @param paymentId the payment this message asks for: the idempotency key
 * @param amountCents the amount; part of the fingerprint, so a reused id with another amount fails
 */
public record PaymentMessage(int delivery, String paymentId, long amountCents) {}
