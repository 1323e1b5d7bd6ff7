package dev.idempotent4j;

import dev.idempotent4j.contract.AnnotationNames;
import dev.idempotent4j.contract.RuntimeNames;
import dev.idempotent4j.contract.TaskIndexFormat;
import dev.idempotent4j.contract.TaskNameSyntax;
import java.time.LocalDate;

/**
 * The examples of this module's javadoc, as code the compiler sees: {@link JavadocExamplesTest}
 * checks that each one appears here. Never run; the types below are what the examples need.
 */
@SuppressWarnings({"unused", "serial"})
abstract class JavadocExamples {

  record Order(long id, long amountCents, String currency) {}

  record Receipt(String id, long cents) {}

  record Ping(long at) {
    static Ping now() {
      return new Ping(System.currentTimeMillis());
    }
  }

  static final class CardDeclinedException extends RuntimeException {}

  interface Gateway {
    Receipt charge(Order order);
  }

  interface Bank {
    Receipt debit(long orderId, long cents);
  }

  interface Monitor {
    void send(Ping ping);
  }

  Gateway gateway;
  Bank bank;
  Monitor monitor;

  // IdempotentTask
  abstract class Payments {
    @IdempotentTask(
        key = "charge:{order.id}",
        ttl = "24h",
        fingerprint = {"order.amountCents"})
    public Receipt charge(Order order) {
      return gateway.charge(order);
    }

    @IdempotentTask(
        key = "charge:{order.id}",
        fingerprint = {"order.amountCents", "order.currency"})
    abstract Receipt chargeWithFingerprint(Order order);

    @IdempotentTask(key = "charge:{order.id}", cacheFailures = CardDeclinedException.class)
    abstract Receipt chargeOrDecline(Order order);
  }

  // OnInProgress
  class Reports {
    @IdempotentTask(key = "report:{day}", onInProgress = OnInProgress.THROW)
    String build(LocalDate day) {
      return "report of " + day;
    }
  }

  // SideEffect
  @SideEffect
  final class PaymentGateway {
    Receipt charge(Order order) { // a side effect: its type is marked
      return bank.debit(order.id(), order.amountCents());
    }
  }

  // AllowUnkeyed
  class Health {
    @AllowUnkeyed("health check: sending a ping twice is harmless")
    void ping() {
      monitor.send(Ping.now());
    }
  }

  // Durations
  void durations() {
    Durations.parse("500ms"); // PT0.5S
    Durations.parse("24h"); // PT24H
    Durations.parse("PT24H"); // ISO-8601 is accepted too
  }

  // The contract classes, dev.idempotent4j.contract
  abstract class Contracts {
    void annotationNames(javax.lang.model.element.AnnotationMirror mirror) {
      boolean task = mirror.getAnnotationType().toString().equals(AnnotationNames.IDEMPOTENT_TASK);
    }

    void runtimeNames() {
      String invoker = RuntimeNames.TASK_INVOKER; // "dev.idempotent4j.runtime.TaskInvoker"
      String kind = RuntimeNames.returnKind("java.util.concurrent.CompletableFuture");
    }

    void taskIndexFormat() {
      TaskIndexFormat.line(
          "com.acme.Payments", "charge", "(J)V", "com.acme.Payments_Idempotent4j", "charge");
      // "com.acme.Payments charge (J)V com.acme.Payments_Idempotent4j charge"
    }

    void taskNameSyntax() {
      TaskNameSyntax.isValid("Payments.charge"); // true
      TaskNameSyntax.isValid("Payments.charge$2"); // true: a default name may carry a Java '$'
      TaskNameSyntax.isValid("pay ments"); // false
      TaskNameSyntax.isValid("payments:charge"); // false: ':' separates the parts of a key
    }
  }
}
