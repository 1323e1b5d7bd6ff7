package dev.idempotent4j.processor;

import javax.tools.JavaFileObject;

/** Sources shared by the processor tests: a payments domain using every key and attribute. */
final class Fixtures {

  private Fixtures() {}

  static final JavaFileObject PAYMENTS =
      TaskCompiler.source(
          "com.acme.Payments",
          """
      package com.acme;

      import dev.idempotent4j.IdempotentTask;
      import dev.idempotent4j.OnInProgress;
      import java.math.BigDecimal;
      import java.time.Duration;
      import java.time.Instant;
      import java.time.LocalDate;
      import java.time.ZoneOffset;
      import java.util.UUID;
      import java.util.concurrent.CompletableFuture;

      public class Payments {
        public enum Currency { EUR, USD }

        public record Money(BigDecimal amount, Currency currency) {}

        public record Order(long id, Customer customer, Money total) {}

        public static class Customer {
          private final UUID id;
          final String email;
          private final boolean vip;

          public Customer(UUID id, String email, boolean vip) {
            this.id = id;
            this.email = email;
            this.vip = vip;
          }

          public UUID getId() {
            return id;
          }

          public boolean isVip() {
            return vip;
          }
        }

        public static final class CardDeclined extends RuntimeException {
          private static final long serialVersionUID = 1L;
        }

        @IdempotentTask(
            key = "charge:{order.id}:{order.customer.id}",
            name = "payments.charge",
            ttl = "7d",
            lease = "1m",
            onInProgress = OnInProgress.THROW,
            waitTimeout = "5s",
            maxRunTime = "2h",
            fingerprint = {"order.total.amount", "order.total.currency", "order.customer.email"},
            cacheFailures = CardDeclined.class)
        public String charge(Order order) {
          return "receipt";
        }

        @IdempotentTask(key = "{a}:{b}")
        public void pair(String a, String b) {}

        @IdempotentTask(key = "day/{day}/{at}/{window}/{zone}", onInProgress = OnInProgress.SKIP)
        public CompletableFuture<String> schedule(
            LocalDate day, Instant at, Duration window, ZoneOffset zone) {
          return CompletableFuture.completedFuture("ok");
        }

        @IdempotentTask(key = "flags-{customer.vip}-{count}-{ratio}-{letter}-{currency}")
        public int flags(Customer customer, Integer count, double ratio, char letter,
            Currency currency) {
          return 1;
        }

        @IdempotentTask(key = "pair-{id}", name = "Payments.pairById")
        public boolean pair(long id) {
          return true;
        }

        public static class Refunds {
          @IdempotentTask(key = "refund:{order.total.amount}", name = "refunds.refund")
          void refund(Order order) {}
        }
      }
      """);

  /** A small domain whose members cover each path and stability rule. */
  static final JavaFileObject[] DOMAIN = {
    TaskCompiler.source(
        "com.acme.Order",
        """
        package com.acme;

        public record Order(
            long id,
            Customer customer,
            java.math.BigDecimal amount,
            int[] lines,
            Runnable callback,
            java.util.List<String> tags,
            java.util.Optional<String> note,
            Plain plain,
            Named named,
            Tagged tagged) {}
        """),
    TaskCompiler.source(
        "com.acme.Customer",
        """
        package com.acme;

        public class Customer {
          private String secret;
          String email;

          public long getId() {
            return 1;
          }
        }
        """),
    TaskCompiler.source("com.acme.Plain", "package com.acme; public class Plain {}"),
    TaskCompiler.source(
        "com.acme.Named",
        "package com.acme; public interface Named { String name(); String label(); }"),
    TaskCompiler.source(
        "com.acme.Tagged",
        """
        package com.acme;

        public class Tagged {
          @Override
          public String toString() {
            return "tagged";
          }
        }
        """),
  };

  /** {@code com.acme.Payments} with {@code body} as its members, after common imports. */
  static JavaFileObject payments(String body) {
    return TaskCompiler.source(
        "com.acme.Payments",
        """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;
        import java.io.InputStream;
        import java.util.Iterator;
        import java.util.List;
        import java.util.concurrent.CompletableFuture;
        import java.util.stream.Stream;

        public class Payments {
        """
            + body.indent(2)
            + "}\n");
  }
}
