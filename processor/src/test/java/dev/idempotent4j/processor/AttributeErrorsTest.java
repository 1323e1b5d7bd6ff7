package dev.idempotent4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Errors of the other attributes: fingerprint, durations, name, cacheFailures. */
class AttributeErrorsTest {

  @Test
  void fingerprintPathWithBraces() {
    assertError(
        "fingerprint = {\"order.id\", \"{order.amount}\"}",
        "i4j-fingerprint-syntax",
        "fingerprint path \"{order.amount}\" does not parse",
        "'{order' in '{order.amount}' is not a Java name");
  }

  @Test
  void fingerprintUnknownParameter() {
    assertError(
        "fingerprint = \"ordr.amount\"",
        "i4j-fingerprint-unknown-param",
        "fingerprint \"ordr.amount\": 'ordr' is not a parameter of charge(order)."
            + " Did you mean 'order'?");
  }

  @Test
  void fingerprintUnknownMember() {
    assertError(
        "fingerprint = \"order.amountCents\"",
        "i4j-fingerprint-unknown-member",
        "which has no record component, getter or field 'amountCents'. Did you mean 'amount'?");
  }

  @Test
  void fingerprintUnstable() {
    assertError(
        "fingerprint = \"order.tags\"",
        "i4j-fingerprint-unstable",
        "'order.tags' is a collection (List)");
  }

  @Test
  void fingerprintInaccessible() {
    assertError(
        "fingerprint = \"order.customer.secret\"",
        "i4j-fingerprint-inaccessible",
        "'Customer.secret' is private");
  }

  @Test
  void fingerprintErrorLandsOnTheBadElement() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(
            key = "charge:{order.id}",
            fingerprint = {
              "order.amount",
              "order.nope"
            })
        void charge(Order order) {}
        """);
    Compilation compilation = TaskCompiler.compile(KeyTemplateErrorsTest.withDomain(source));
    assertThat(compilation)
        .hadErrorContaining("[i4j-fingerprint-unknown-member]")
        .inFile(source)
        .onLineContaining("\"order.nope\"");
  }

  @Test
  void invalidDurations() {
    assertError(
        "ttl = \"24x\"",
        "i4j-duration",
        "ttl = \"24x\" is not valid: '24x' is not a duration: 'x' is not a unit");
    assertError(
        "lease = \"soon\"",
        "i4j-duration",
        "lease = \"soon\" is not valid: 'soon' is not a duration: it does not start with a number");
    assertError(
        "waitTimeout = \"0s\"",
        "i4j-duration",
        "waitTimeout = \"0s\" is not valid: '0s' is not a duration: it must be longer than zero");
  }

  @Test
  void durationsBeyondTheirBoundsAreCompileErrorsOnTheirLine() {
    assertErrorOnLine(
        "ttl = \"300d\",\n    lease = \"110000d\"",
        "lease = \"110000d\"",
        "i4j-duration",
        "lease = \"110000d\" is not valid: it is longer than 1d, the longest lease");
    assertErrorOnLine(
        "lease = \"1s\",\n    ttl = \"106751990000d\"",
        "ttl = \"106751990000d\"",
        "i4j-duration",
        "ttl = \"106751990000d\" is not valid: it is longer than 365d, the longest ttl");
    assertError(
        "waitTimeout = \"25h\"",
        "i4j-duration",
        "waitTimeout = \"25h\" is not valid: it is longer than 1d, the longest waitTimeout");
    assertErrorOnLine(
        "maxRunTime = \"400d\"",
        "maxRunTime = \"400d\"",
        "i4j-duration",
        "maxRunTime = \"400d\" is not valid: it is longer than 365d, the longest maxRunTime");
    assertErrorOnLine(
        "maxRunTime = \"0s\"",
        "maxRunTime = \"0s\"",
        "i4j-duration",
        "maxRunTime = \"0s\" is not valid: '0s' is not a duration: it must be longer than zero");
    assertError(
        "ttl = \"999999999999999d\"",
        "i4j-duration",
        "ttl = \"999999999999999d\" is not valid: '999999999999999d' is not a duration: the"
            + " number is too large");
  }

  @Test
  void leaseLongerThanTtl() {
    assertErrorOnLine(
        "ttl = \"10s\", lease = \"1m\"",
        "lease = \"1m\"",
        "i4j-lease-exceeds-ttl",
        "lease \"1m\" is longer than ttl \"10s\"",
        "Shorten the lease");
  }

  @Test
  void leaseLongerThanExplicitTtlWithDefaultLease() {
    assertErrorOnLine(
        "ttl = \"5s\"",
        "ttl = \"5s\"",
        "i4j-lease-exceeds-ttl",
        "lease \"30s\" is longer than ttl \"5s\"");
  }

  @Test
  void invalidName() {
    assertError(
        "name = \"pay ments\"",
        "i4j-name-syntax",
        "task name \"pay ments\" is not valid: use only letters, digits, '.', '_', '-' and '$'");
  }

  @Test
  void nameWithTheKeySeparator() {
    assertError(
        "name = \"payments:charge\"",
        "i4j-name-syntax",
        "task name \"payments:charge\" is not valid");
  }

  /**
   * The runtime has always accepted '$'; the processor now does too (one {@code TaskNameSyntax}),
   * so a default name built from a Java identifier with '$' is never refused.
   */
  @Test
  void defaultNameOfAMethodWithDollarIsValid() {
    JavaFileObject source =
        Fixtures.payments(
            """
            @IdempotentTask(key = "charge:{id}")
            void charge$v2(long id) {}
            """);

    assertThat(TaskCompiler.compile(source)).succeeded();
  }

  @Test
  void duplicateNameIsReportedOnTheSecondNamingTheFirst() {
    JavaFileObject first =
        TaskCompiler.source(
            "com.acme.Refunds",
            """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;

        public class Refunds {
          @IdempotentTask(key = "refund:{order.id}", name = "money.move")
          void refund(Order order) {}
        }
        """);
    JavaFileObject second =
        Fixtures.payments(
            """
        @IdempotentTask(key = "charge:{order.id}", name = "money.move")
        void charge(Order order) {}
        """);
    JavaFileObject[] domain = KeyTemplateErrorsTest.withDomain(first);
    JavaFileObject[] all = java.util.Arrays.copyOf(domain, domain.length + 1);
    all[domain.length] = second;
    Compilation compilation = TaskCompiler.compile(all);
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-name-duplicate] task name \"money.move\" is already used by"
                + " com.acme.Refunds.refund(Order)")
        .inFile(second)
        .onLineContaining("name = \"money.move\"");
  }

  @Test
  void defaultNamesOfOverloadsCollide() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "charge:{order.id}")
        void charge(Order order) {}

        @IdempotentTask(key = "charge-id:{id}")
        void charge(long id) {}
        """);
    Compilation compilation = TaskCompiler.compile(KeyTemplateErrorsTest.withDomain(source));
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-name-duplicate] task name \"Payments.charge\" is already used"
                + " by com.acme.Payments.charge(Order)")
        .inFile(source)
        .onLineContaining("key = \"charge-id:{id}\"");
  }

  @Test
  void overlyBroadCacheFailures() {
    assertErrorOnLine(
        "cacheFailures = {IllegalStateException.class, RuntimeException.class}",
        "RuntimeException.class}",
        "i4j-cache-failures-broad",
        "cacheFailures lists java.lang.RuntimeException.class, which also matches transient"
            + " failures");
    assertError(
        "cacheFailures = Exception.class", "i4j-cache-failures-broad", "java.lang.Exception.class");
  }

  @Test
  void nonThrowableCacheFailure() {
    JavaFileObject source =
        Fixtures.payments(
            """
        @IdempotentTask(key = "charge:{order.id}", cacheFailures = String.class)
        void charge(Order order) {}
        """);
    Compilation compilation = TaskCompiler.compile(KeyTemplateErrorsTest.withDomain(source));
    // javac itself rejects it at the attribute (Class<? extends Throwable>); the processor's own
    // i4j-cache-failures-type check only backs up compilers that let it through.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("incompatible types")
        .inFile(source)
        .onLineContaining("cacheFailures = String.class");
  }

  @Test
  void privateCacheFailureType() {
    JavaFileObject source =
        Fixtures.payments(
            """
        private static class Declined extends RuntimeException {
          private static final long serialVersionUID = 1L;
        }

        @IdempotentTask(key = "charge:{order.id}", cacheFailures = Declined.class)
        void charge(Order order) {}
        """);
    Compilation compilation = TaskCompiler.compile(KeyTemplateErrorsTest.withDomain(source));
    assertThat(compilation)
        .hadErrorContaining(
            "[i4j-cache-failures-inaccessible] cacheFailures lists"
                + " com.acme.Payments.Declined.class, which the generated class in the same package"
                + " cannot name: type 'com.acme.Payments.Declined' is private")
        .inFile(source)
        .onLineContaining("cacheFailures = Declined.class");
  }

  private static void assertError(String attributes, String tag, String... fragments) {
    assertErrorOnLine(attributes, attributes, tag, fragments);
  }

  /** Compiles a task with {@code attributes}; each fragment is pinned to the {@code line}. */
  private static void assertErrorOnLine(
      String attributes, String line, String tag, String... fragments) {
    JavaFileObject source =
        Fixtures.payments(
            "@IdempotentTask(\n    key = \"charge:{order.id}\",\n    "
                + attributes
                + ")\n"
                + "void charge(Order order) {}\n");
    Compilation compilation = TaskCompiler.compile(KeyTemplateErrorsTest.withDomain(source));
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("[" + tag + "] ")
        .inFile(source)
        .onLineContaining(line);
    for (String fragment : fragments) {
      assertThat(compilation).hadErrorContaining(fragment).inFile(source).onLineContaining(line);
    }
  }
}
