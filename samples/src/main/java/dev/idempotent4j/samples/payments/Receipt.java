package dev.idempotent4j.samples.payments;

/**
 * What a charge returns. Duplicates are handed the receipt of the first charge, so {@link
 * #chargedBy()} tells which worker and delivery really charged the card.
 *
 * @param chargedBy the worker (JVM) and delivery that charged, e.g. {@code worker-1#4}
 */
public record Receipt(String receiptId, String paymentId, long amountCents, String chargedBy) {}
