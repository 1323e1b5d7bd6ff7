package dev.idempotent4j.processor.codec;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import dev.idempotent4j.runtime.spi.ResultCodec;
import java.lang.reflect.Method;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Results that are not records: classes with a constructor per property, JavaBeans, sealed
 * interfaces of records, recursive records. Their codecs are generated, compiled with {@code
 * -Werror}, loaded, and round-trip real values; the JSON is pinned.
 */
class ClassResultsTest {

  static final JavaFileObject SOURCE =
      TaskCompiler.source(
          "test.DtoResults",
          """
      package test;

      import java.util.*;

      public class DtoResults {
        /** A constructor per property, read through getters; a derived getter is not stored. */
        public static final class Money {
          private final long cents;
          private final String currency;
          public Money(long cents, String currency) { this.cents = cents; this.currency = currency; }
          public long getCents() { return cents; }
          public String getCurrency() { return currency; }
          public String getDisplay() { return cents + " " + currency; }
          @Override public boolean equals(Object o) {
            return o instanceof Money m && m.cents == cents && Objects.equals(m.currency, currency);
          }
          @Override public int hashCode() { return Long.hashCode(cents); }
        }

        /** A JavaBean: no-arg constructor and setters; a boolean read with isX. */
        public static class Customer {
          private String name;
          private boolean vip;
          private List<Money> spent = new ArrayList<>();
          public Customer() {}
          public String getName() { return name; }
          public void setName(String name) { this.name = name; }
          public boolean isVip() { return vip; }
          public void setVip(boolean vip) { this.vip = vip; }
          public List<Money> getSpent() { return spent; }
          public void setSpent(List<Money> spent) { this.spent = spent; }
        }

        /** A constructor for some properties, a setter for the rest; fields read directly. */
        public static class Mixed {
          final String id;
          int count;
          transient String cache = "derived";
          public Mixed(String id) { this.id = id; }
          public void setCount(int count) { this.count = count; }
        }

        public sealed interface Payment permits Card, Transfer, Wallet {}
        public record Card(String last4, Money limit) implements Payment {}
        public record Transfer(String iban) implements Payment {}
        public sealed interface Wallet extends Payment permits Wallet.Apple {
          record Apple(String token) implements Wallet {}
        }

        public record Node(String name, List<Node> children, Optional<Node> parent) {}

        public sealed interface Expr permits Num, Add {}
        public record Num(int value) implements Expr {}
        public record Add(Expr left, Expr right) implements Expr {}

        public static Money money() { return new Money(1250, "EUR"); }

        public static Customer customer() {
          Customer c = new Customer();
          c.setName("Ada");
          c.setVip(true);
          c.setSpent(List.of(new Money(5, "USD")));
          return c;
        }

        public static Mixed mixed() {
          Mixed m = new Mixed("m-1");
          m.setCount(3);
          return m;
        }

        public static Payment card() { return new Card("4242", new Money(100, "EUR")); }

        public static Payment wallet() { return new Wallet.Apple("tok"); }

        public static List<Payment> payments() { return List.of(new Transfer("DE89"), card()); }

        public static Node node() {
          return new Node("root", List.of(new Node("leaf", List.of(), Optional.empty())),
              Optional.of(new Node("up", List.of(), Optional.empty())));
        }

        public static Expr expr() { return new Add(new Num(1), new Add(new Num(2), new Num(3))); }
      }
      """);

  private static Class<?> results;
  private static Class<?> codecs;

  @BeforeAll
  static void compile() throws Exception {
    Compilation compilation =
        TaskCompiler.javacWith(new CodecPlanningProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(SOURCE);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = TaskCompiler.load(compilation);
    results = loader.loadClass("test.DtoResults");
    codecs = loader.loadClass("test.DtoResults_Codecs");
  }

  @Test
  void everyResultRoundTrips() throws Exception {
    int checked = 0;
    for (Method method : results.getDeclaredMethods()) {
      if (!java.lang.reflect.Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
        continue;
      }
      Object value = method.invoke(null);
      ResultCodec<Object> codec = codec(method.getName());
      String json = codec.encode(value);
      Object back = codec.decode(json);
      assertThat(codec.encode(back)).isEqualTo(json);
      org.assertj.core.api.Assertions.assertThat(back)
          .as(method.getName())
          .usingRecursiveComparison()
          .isEqualTo(value);
      checked++;
    }
    assertThat(checked).isEqualTo(8);
  }

  @Test
  void storedTextIsThePropertiesAndTheTag() throws Exception {
    assertThat(encode("money")).isEqualTo("{\"cents\":1250,\"currency\":\"EUR\"}");
    assertThat(encode("customer"))
        .isEqualTo(
            "{\"name\":\"Ada\",\"vip\":true,\"spent\":[{\"cents\":5,\"currency\":\"USD\"}]}");
    assertThat(encode("mixed")).isEqualTo("{\"id\":\"m-1\",\"count\":3}");
    assertThat(encode("payments"))
        .isEqualTo(
            "[{\"type\":\"Transfer\",\"iban\":\"DE89\"},"
                + "{\"type\":\"Card\",\"last4\":\"4242\",\"limit\":{\"cents\":100,\"currency\":\"EUR\"}}]");
    assertThat(encode("wallet")).isEqualTo("{\"type\":\"Apple\",\"token\":\"tok\"}");
    assertThat(encode("expr"))
        .isEqualTo(
            "{\"type\":\"Add\",\"left\":{\"type\":\"Num\",\"value\":1},\"right\":{\"type\":\"Add\","
                + "\"left\":{\"type\":\"Num\",\"value\":2},\"right\":{\"type\":\"Num\",\"value\":3}}}");
  }

  @Test
  void decodingIsStrict() {
    assertThatThrownBy(() -> codec("card").decode("{\"type\":\"Cash\",\"last4\":\"1\"}"))
        .hasMessageContaining("'Cash' is not a subtype of test.DtoResults.Payment");
    assertThatThrownBy(() -> codec("money").decode("{\"cents\":1}"))
        .hasMessageContaining("missing component 'currency' of test.DtoResults.Money");
    assertThatThrownBy(() -> codec("customer").decode("{\"name\":\"a\",\"vip\":null,\"spent\":[]}"))
        .hasMessageContaining("$.vip");
  }

  @Test
  void generatedCodeIsPlainJava() {
    Compilation compilation = TaskCompiler.javacWith(new CodecPlanningProcessor()).compile(SOURCE);
    assertThat(compilation)
        .generatedSourceFile("test.DtoResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            "Codecs.<DtoResults.Customer>record(\"test.DtoResults.Customer\")\n"
                + "    .component(\"name\", Codecs.string(), DtoResults.Customer::getName)\n"
                + "    .component(\"vip\", Codecs.booleanValue(), DtoResults.Customer::isVip)\n");
    assertThat(compilation)
        .generatedSourceFile("test.DtoResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            ".build(c -> { DtoResults.Customer v = new DtoResults.Customer(); v.setName(c.<String>get(0));"
                + " v.setVip(c.getBoolean(1));");
    assertThat(compilation)
        .generatedSourceFile("test.DtoResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            "Codecs.<DtoResults.Node>recursive(\"test.DtoResults.Node\", self0 ->"
                + " Codecs.<DtoResults.Node>record(\"test.DtoResults.Node\")");
    assertThat(compilation)
        .generatedSourceFile("test.DtoResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            ".variant(\"Transfer\", DtoResults.Transfer.class, Codecs.<DtoResults.Transfer>record(");
  }

  @SuppressWarnings("unchecked") // the generated constant's type argument is the method's
  static ResultCodec<Object> codec(String method) {
    try {
      return (ResultCodec<Object>) codecs.getField(method).get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static String encode(String method) throws Exception {
    return codec(method).encode(results.getMethod(method).invoke(null));
  }
}
