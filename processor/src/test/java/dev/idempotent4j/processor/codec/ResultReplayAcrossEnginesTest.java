package dev.idempotent4j.processor.codec;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.IdempotentTaskProcessor;
import dev.idempotent4j.processor.TaskCompiler;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.Task;
import dev.idempotent4j.runtime.TaskResult;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import dev.idempotent4j.testing.RedisServer;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Lombok {@code @Value} class, a JavaBean and a sealed interface of records, returned by tasks
 * compiled with the processor (Lombok's processor after ours), stored in a real Redis by one engine
 * and replayed by a fresh one after {@code Idempotency.shutdown()}: the second engine has no local
 * tier, so the value comes back only through the generated codec and the stored JSON.
 */
class ResultReplayAcrossEnginesTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final String SOURCE =
      """
      package com.acme;

      import dev.idempotent4j.IdempotentTask;
      import java.util.List;
      import lombok.Value;

      public class Shop {
        @Value
        public static class Money {
          long cents;
          String currency;
        }

        public static class Customer {
          private String name;
          private List<Money> spent;
          public Customer() {}
          public String getName() { return name; }
          public void setName(String name) { this.name = name; }
          public List<Money> getSpent() { return spent; }
          public void setSpent(List<Money> spent) { this.spent = spent; }
        }

        public sealed interface Payment permits Card, Transfer {}
        public record Card(String last4, Money limit) implements Payment {}
        public record Transfer(String iban) implements Payment {}

        @IdempotentTask(key = "money:{id}")
        public Money money(long id) { return new Money(id, "EUR"); }

        @IdempotentTask(key = "customer:{id}")
        public Customer customer(long id) {
          Customer c = new Customer();
          c.setName("c-" + id);
          c.setSpent(List.of(new Money(id, "USD")));
          return c;
        }

        @IdempotentTask(key = "payment:{id}")
        public Payment payment(long id) {
          return id % 2 == 0 ? new Card("4242", new Money(id, "EUR")) : new Transfer("DE" + id);
        }
      }
      """;

  private static ClassLoader loader;
  private static Object shop;

  private final String prefix = "replay" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void compile() {
    Processor lombok = null;
    for (Processor p : ServiceLoader.load(Processor.class)) {
      if (p.getClass().getName().endsWith("AnnotationProcessorHider$AnnotationProcessor")) {
        lombok = p;
      }
    }
    Compilation compilation =
        TaskCompiler.javacWith(new IdempotentTaskProcessor(), lombok)
            .withOptions(TaskCompiler.LINT)
            .compile(TaskCompiler.source("com.acme.Shop", SOURCE));
    assertThat(compilation).succeededWithoutWarnings();
    loader = TaskCompiler.load(compilation);
    shop = TaskCompiler.instance(loader, "com.acme.Shop");
  }

  @AfterEach
  void cleanSlate() {
    Idempotency.reset();
  }

  @Test
  void lombokValueJavaBeanAndSealedResultsReplayInAFreshEngine() throws Exception {
    for (String method : new String[] {"money", "customer", "payment"}) {
      for (long id : new long[] {2, 3}) {
        replaysInAFreshEngine(method, id);
      }
    }
  }

  private void replaysInAFreshEngine(String method, long id) throws Exception {
    TaskDefinition definition =
        TaskCompiler.definition(loader, "com.acme.Shop_Idempotent4j", method);
    Object original = shop.getClass().getMethod(method, long.class).invoke(shop, id);
    AtomicInteger runs = new AtomicInteger();
    String key = method + "-" + id;

    Idempotency.configure(Map.of("redis", redis.uri(), "prefix", prefix));
    Task task = Idempotency.task(definition.name()).codec(definition.codec()).build();
    TaskResult<Object> first =
        task.execute(
            key,
            null,
            () -> {
              runs.incrementAndGet();
              return original;
            });
    assertThat(first.replayed()).isFalse();
    Idempotency.shutdown(); // a new engine: nothing local survives, Redis remembers

    Idempotency.configure(Map.of("redis", redis.uri(), "prefix", prefix));
    Task again = Idempotency.task(definition.name()).codec(definition.codec()).build();
    TaskResult<Object> replay =
        again.execute(
            key,
            null,
            () -> {
              runs.incrementAndGet();
              return null;
            });
    assertThat(replay.replayed()).as(key).isTrue();
    assertThat(runs).as(key).hasValue(1);
    assertThat(replay.value()).as(key).usingRecursiveComparison().isEqualTo(original);
    assertThat(replay.value().getClass()).isSameAs(original.getClass());
    Idempotency.shutdown();
  }
}
