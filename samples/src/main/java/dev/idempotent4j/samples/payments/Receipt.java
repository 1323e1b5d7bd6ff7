package dev.idempotent4j.samples.payments;

/**
 * What a charge returns. Duplicates are handed the receipt of the first charge, so {@link
 * #chargedByDelivery()} tells which delivery really charged the card.
 */
public record Receipt(String receiptId, String paymentId, long amountCents, int chargedByDelivery) {}
