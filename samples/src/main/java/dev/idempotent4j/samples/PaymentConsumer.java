package dev.idempotent4j.samples;

/** SKELETON. */
public final class PaymentConsumer {
  public static void main(String[] args) {
    System.out.println("skeleton");
  }
}
