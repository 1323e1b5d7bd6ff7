package dev.idempotent4j.processor.codec;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.IdempotentTaskProcessor;
import dev.idempotent4j.processor.TaskCompiler;
import dev.idempotent4j.runtime.spi.ResultCodec;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Results of Lombok classes ({@code @Value}, {@code @Data}, {@code @Value @Builder}) with Lombok's
 * real processor from Maven Central, run before ours and after ours: both orders give the same
 * codecs, and they round-trip the values the compiled tasks return.
 */
class LombokResultsTest {

  private static final JavaFileObject ORDERS =
      TaskCompiler.source(
          "com.acme.Orders",
          """
      package com.acme;

      import dev.idempotent4j.IdempotentTask;
      import java.util.List;
      import lombok.Builder;
      import lombok.Data;
      import lombok.Value;

      public class Orders {
        @Value
        public static class Money {
          long cents;
          String currency;
        }

        @Data
        public static class Customer {
          private String name;
          private boolean vip;
          private List<Money> spent;
        }

        @Value
        @Builder
        public static class Receipt {
          String id;
          Money total;
          @Builder.Default String note = "none";
        }

        @IdempotentTask(key = "money:{id}")
        public Money money(long id) {
          return new Money(id, "EUR");
        }

        @IdempotentTask(key = "customer:{id}")
        public Customer customer(long id) {
          Customer customer = new Customer();
          customer.setName("c-" + id);
          customer.setVip(true);
          customer.setSpent(List.of(new Money(5, "USD")));
          return customer;
        }

        @IdempotentTask(key = "receipt:{id}")
        public Receipt receipt(long id) {
          return Receipt.builder().id("r-" + id).total(new Money(id, "EUR")).build();
        }
      }
      """);

  @ParameterizedTest(name = "Lombok first: {0}")
  @ValueSource(booleans = {true, false})
  void lombokClassesRoundTripInEitherProcessorOrder(boolean lombokFirst) throws Exception {
    Compilation compilation = compile(lombokFirst, ORDERS);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = TaskCompiler.load(compilation);
    Object orders = TaskCompiler.instance(loader, "com.acme.Orders");

    assertThat(roundTrip(loader, orders, "money")).isEqualTo("{\"cents\":7,\"currency\":\"EUR\"}");
    assertThat(roundTrip(loader, orders, "customer"))
        .isEqualTo(
            "{\"name\":\"c-7\",\"vip\":true,\"spent\":[{\"cents\":5,\"currency\":\"USD\"}]}");
    assertThat(roundTrip(loader, orders, "receipt"))
        .isEqualTo(
            "{\"id\":\"r-7\",\"total\":{\"cents\":7,\"currency\":\"EUR\"},\"note\":\"none\"}");
  }

  @Test
  void bothOrdersGenerateTheSameCode() {
    String first = generated(compile(true, ORDERS));
    String last = generated(compile(false, ORDERS));
    assertThat(last).isEqualTo(first);
    assertThat(first).contains(".build(c -> new Orders.Money(c.getLong(0), c.<String>get(1)))");
  }

  @ParameterizedTest(name = "Lombok first: {0}")
  @ValueSource(booleans = {true, false})
  void aLombokClassWithoutGettersIsAnErrorOnTheTask(boolean lombokFirst) {
    JavaFileObject source =
        TaskCompiler.source(
            "com.acme.Tokens",
            """
        package com.acme;

        import dev.idempotent4j.IdempotentTask;
        import lombok.AllArgsConstructor;

        public class Tokens {
          @AllArgsConstructor
          public static class Token {
            private final String value;
          }

          @IdempotentTask(key = "token:{id}")
          public Token token(long id) {
            return new Token("t");
          }
        }
        """);
    Compilation compilation = compile(lombokFirst, source);
    assertThat(compilation)
        .hadErrorContaining(
            "com.acme.Tokens.Token cannot be stored (it is a class with neither a constructor"
                + " whose parameters all name readable properties")
        .inFile(source)
        .onLineContaining("@IdempotentTask(key = \"token:{id}\")");
  }

  private static Compilation compile(boolean lombokFirst, JavaFileObject source) {
    Processor lombok = lombokProcessor();
    Processor ours = new IdempotentTaskProcessor();
    return TaskCompiler.javacWith(
            lombokFirst ? new Processor[] {lombok, ours} : new Processor[] {ours, lombok})
        .withOptions(TaskCompiler.LINT)
        .compile(source);
  }

  /** Lombok's processor, found as javac finds it on a processor path. */
  private static Processor lombokProcessor() {
    for (Processor p : java.util.ServiceLoader.load(Processor.class)) {
      if (p.getClass().getName().startsWith("lombok.")
          && p.getClass().getName().endsWith("$AnnotationProcessor")) {
        return p;
      }
    }
    throw new AssertionError("Lombok is not on the test class path");
  }

  private static String generated(Compilation compilation) {
    assertThat(compilation).succeeded();
    try {
      return compilation
          .generatedSourceFile("com.acme.Orders_Idempotent4j")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked") // the task's codec is of its result type
  private static String roundTrip(ClassLoader loader, Object orders, String task) throws Exception {
    Object value = orders.getClass().getMethod(task, long.class).invoke(orders, 7L);
    ResultCodec<Object> codec =
        (ResultCodec<Object>)
            TaskCompiler.definition(loader, "com.acme.Orders_Idempotent4j", task).codec();
    String json = codec.encode(value);
    Object back = codec.decode(json);
    assertThat(back).isEqualTo(value); // Lombok's equals
    assertThat(codec.encode(back)).isEqualTo(json);
    return json;
  }
}
