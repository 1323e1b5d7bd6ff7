package dev.idempotent4j.samples;

import dev.idempotent4j.samples.payments.CardGateway;
import dev.idempotent4j.samples.payments.PaymentMessage;
import dev.idempotent4j.samples.payments.Payments;
import dev.idempotent4j.samples.payments.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The classic payment consumer: a queue redelivers messages, four consumer threads handle them, and
 * every payment must be charged exactly once.
 *
 * <p>On the embedded default (one JVM, no Redis), run it with the agent attached (README: "Run the
 * sample"):
 *
 * <pre>{@code
 * java -javaagent:idempotent4j-agent.jar -cp ... dev.idempotent4j.samples.PaymentConsumer
 * }</pre>
 *
 * <p>With {@code -Didempotent4j.redis=redis://host:port} several JVMs ("workers") consume the same
 * queue and share one record per payment: across all of them each payment is charged once. The
 * first argument names the worker; {@code samples/run-workers.sh} starts three against a
 * redis-server of its own.
 */
public final class PaymentConsumer {

  private static final List<PaymentMessage> QUEUE =
      List.of(
          new PaymentMessage(1, "PAY-001", 1250),
          new PaymentMessage(2, "PAY-002", 990),
          new PaymentMessage(3, "PAY-003", 4200),
          new PaymentMessage(4, "PAY-001", 1250),
          new PaymentMessage(5, "PAY-001", 1250),
          new PaymentMessage(6, "PAY-002", 990));

  private PaymentConsumer() {}

  public static void main(String[] args) throws Exception {
    String worker = args.length > 0 ? args[0] : "worker";
    boolean shared = System.getProperty("idempotent4j.redis") != null;
    CardGateway gateway = new CardGateway(worker);
    Payments payments = new Payments(gateway);
    AtomicInteger duplicates = new AtomicInteger();

    ExecutorService consumers = Executors.newFixedThreadPool(4);
    List<Future<?>> handled = new ArrayList<>();
    for (PaymentMessage message : QUEUE) {
      handled.add(consumers.submit(() -> consume(worker, payments, message, duplicates)));
    }
    for (Future<?> f : handled) {
      f.get();
    }
    consumers.shutdown();

    int charged = gateway.charges();
    if (shared) {
      // Other workers charged the rest: run-workers.sh adds the workers' lines up.
      System.out.printf(
          "%s: %d payments charged, %d duplicates skipped%n", worker, charged, duplicates.get());
      System.exit(0);
    }
    System.out.printf("%d payments charged, %d duplicates skipped%n", charged, duplicates.get());
    if (charged != 3) {
      System.err.println(
          "Expected 3 charges. Is the agent attached (-javaagent:idempotent4j-agent.jar)?");
      System.exit(1);
    }
  }

  private static void consume(
      String worker, Payments payments, PaymentMessage message, AtomicInteger duplicates) {
    Receipt receipt = payments.charge(message);
    boolean duplicate = !receipt.chargedBy().equals(worker + "#" + message.delivery());
    if (duplicate) {
      duplicates.incrementAndGet();
    }
    System.out.printf(
        "delivery %d  %-8s %-9s -> %s %d cents (charged by %s)%n",
        message.delivery(),
        message.paymentId(),
        duplicate ? "duplicate" : "charged",
        receipt.receiptId(),
        receipt.amountCents(),
        receipt.chargedBy());
  }
}
