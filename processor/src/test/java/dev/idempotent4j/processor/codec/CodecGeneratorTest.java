package dev.idempotent4j.processor.codec;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.processor.TaskCompiler;
import dev.idempotent4j.runtime.spi.ResultCodec;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plans codecs for real return types with {@link CodecPlanningProcessor}, compiles the generated
 * expressions with {@code -Werror}, loads them and round-trips the values the fixture methods
 * return; and pins the reasons for types that cannot be stored.
 */
class CodecGeneratorTest {

  private static final JavaFileObject SUPPORTED =
      TaskCompiler.source(
          "test.ShapeResults",
          """
      package test;

      import java.math.BigDecimal;
      import java.time.Instant;
      import java.time.LocalDate;
      import java.util.*;

      public class ShapeResults {
        public enum Currency { EUR, USD }
        public record Item(String sku, int quantity, long cents) {}
        public record Receipt(
            UUID id, List<Item> items, Map<Currency, Long> totals, Optional<String> note,
            Instant at, BigDecimal rate, boolean paid, char grade, double ratio) {}
        public record Pair<A, B>(A first, B second) {}
        public record Nested(Pair<String, Integer> pair, Pair<Item, List<Currency>> items) {}
        public record Arrays(int[] ints, Item[] items, byte[] bytes, String[][] grid) {}
        record PackagePrivate(String value, Optional<Item> item) {}
        public record Empty() {}

        public static Receipt receipt() {
          return new Receipt(
              UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
              List.of(new Item("a-1", 2, 450), new Item("b\\"2", 1, 350)),
              Map.of(Currency.EUR, 1250L),
              Optional.empty(),
              Instant.parse("2024-01-31T10:15:30Z"),
              new BigDecimal("0.10"), true, 'x', 0.5);
        }

        public static Pair<String, List<Item>> pair() {
          return new Pair<>("p", List.of(new Item("c", 3, -1)));
        }

        public static Nested nested() {
          return new Nested(new Pair<>("x", null), new Pair<>(new Item("i", 1, 1), List.of(Currency.USD)));
        }

        public static Arrays arrays() {
          return new Arrays(new int[] {1, 2}, new Item[] {new Item("z", 0, 0), null},
              new byte[] {1, 2, 3}, new String[][] {{"a"}, {}, null});
        }

        public static Item[] items() {
          return new Item[] {new Item("q", 9, 9)};
        }

        public static int[][] matrix() {
          return new int[][] {{1}, {2, 3}};
        }

        public static Optional<Receipt> maybe() {
          return Optional.of(receipt());
        }

        public static Map<Currency, List<Pair<String, Integer>>> byCurrency() {
          return Map.of(Currency.USD, List.of(new Pair<>("one", 1)));
        }

        public static SortedMap<LocalDate, Integer> calendar() {
          return new TreeMap<>(Map.of(LocalDate.of(2024, 1, 2), 2, LocalDate.of(2024, 1, 1), 1));
        }

        public static NavigableSet<String> names() {
          return new TreeSet<>(Set.of("b", "a"));
        }

        public static Set<Currency> currencies() {
          return EnumSet.allOf(Currency.class);
        }

        public static PackagePrivate packagePrivate() {
          return new PackagePrivate("v", Optional.of(new Item("o", 1, 2)));
        }

        public static Empty empty() {
          return new Empty();
        }

        public static void nothing() {}

        public static int count() {
          return 42;
        }

        public static long big() {
          return Long.MIN_VALUE;
        }

        public static Integer boxed() {
          return null;
        }

        public static OptionalInt optionalInt() {
          return OptionalInt.of(7);
        }

        public static Map<UUID, Item> byId() {
          return Map.of(UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"), new Item("u", 1, 1));
        }
      }
      """);

  private static Compilation compilation;
  private static Class<?> results;
  private static Class<?> codecs;

  @BeforeAll
  static void compileSupported() throws Exception {
    compilation =
        TaskCompiler.javacWith(new CodecPlanningProcessor())
            .withOptions("-Xlint:all", "-Werror")
            .compile(SUPPORTED);
    assertThat(compilation).succeededWithoutWarnings();
    ClassLoader loader = TaskCompiler.load(compilation);
    results = loader.loadClass("test.ShapeResults");
    codecs = loader.loadClass("test.ShapeResults_Codecs");
  }

  @Test
  void everyFixtureMethodRoundTripsThroughItsGeneratedCodec() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Method method : results.getDeclaredMethods()) {
      if (!Modifier.isStatic(method.getModifiers()) || method.isSynthetic()) {
        continue;
      }
      Object value = method.invoke(null);
      ResultCodec<Object> codec = codec(method.getName());
      String json = codec.encode(value);
      Object back = codec.decode(json);
      assertThat(codec.encode(back)).as(method.getName()).isEqualTo(json);
      assertThat(back).as(method.getName()).usingRecursiveComparison().isEqualTo(value);
      checked.add(method.getName());
    }
    assertThat(checked).hasSize(19);
  }

  @Test
  void recordsAreObjectsOfComponentNameToValue() throws Exception {
    assertThat(encode("receipt"))
        .isEqualTo(
            "{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
                + "\"items\":[{\"sku\":\"a-1\",\"quantity\":2,\"cents\":450},"
                + "{\"sku\":\"b\\\"2\",\"quantity\":1,\"cents\":350}],"
                + "\"totals\":{\"EUR\":1250},\"note\":null,\"at\":\"2024-01-31T10:15:30Z\","
                + "\"rate\":\"0.10\",\"paid\":true,\"grade\":\"x\",\"ratio\":0.5}");
    assertThat(encode("nested"))
        .isEqualTo(
            "{\"pair\":{\"first\":\"x\",\"second\":null},"
                + "\"items\":{\"first\":{\"sku\":\"i\",\"quantity\":1,\"cents\":1},"
                + "\"second\":[\"USD\"]}}");
    assertThat(encode("arrays"))
        .isEqualTo(
            "{\"ints\":[1,2],\"items\":[{\"sku\":\"z\",\"quantity\":0,\"cents\":0},null],"
                + "\"bytes\":\"AQID\",\"grid\":[[\"a\"],[],null]}");
    assertThat(encode("nothing")).isEqualTo("null");
    assertThat(encode("count")).isEqualTo("42");
    assertThat(encode("calendar")).isEqualTo("{\"2024-01-01\":1,\"2024-01-02\":2}");
    assertThat(encode("empty")).isEqualTo("{}");
  }

  @Test
  void decodedCollectionsAreImmutable() throws Exception {
    Object receipt = codec("receipt").decode(encode("receipt"));
    List<?> items =
        (List<?>) results.getMethod("receipt").getReturnType().getMethod("items").invoke(receipt);
    assertThatThrownBy(() -> items.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    Map<?, ?> byCurrency = (Map<?, ?>) codec("byCurrency").decode(encode("byCurrency"));
    assertThatThrownBy(byCurrency::clear).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void badStoredTextFailsWithThePathOfTheBadValue() {
    assertThatThrownBy(() -> codec("receipt").decode(encode("receipt").replace("450", "\"x\"")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "$.items[0].cents: expected an integer from -9223372036854775808 to"
                + " 9223372036854775807 (long), found \"x\"");
    assertThatThrownBy(
            () -> codec("receipt").decode(encode("receipt").replace("\"EUR\"", "\"GBP\"")))
        .hasMessage(
            "$.totals.GBP: expected a key that is a constant of"
                + " test.ShapeResults.Currency [EUR, USD], found \"GBP\"");
    assertThatThrownBy(() -> codec("count").decode("null"))
        .hasMessage("$: expected an integer from -2147483648 to 2147483647 (int), found null");
    assertThatThrownBy(() -> codec("pair").decode("{\"first\":\"p\"}"))
        .hasMessage(
            "$: missing component 'second' of test.ShapeResults.Pair (text written for"
                + " another shape of the record?)");
  }

  @Test
  void generatedCodeReadsAsPlainJava() {
    assertThat(compilation)
        .generatedSourceFile("test.ShapeResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            "Codecs.<ShapeResults.Pair<String, List<ShapeResults.Item>>>record(\"test.ShapeResults.Pair\")");
    assertThat(compilation)
        .generatedSourceFile("test.ShapeResults_Codecs")
        .contentsAsUtf8String()
        .contains(
            ".build(c -> new ShapeResults.Item(c.<String>get(0), c.getInt(1), c.getLong(2)))");
  }

  private static final JavaFileObject BASE =
      TaskCompiler.source(
          "other.Base",
          """
      package other;

      public class Base {
        protected record Shielded(String value) {}
      }
      """);

  private static final JavaFileObject UNSUPPORTED =
      TaskCompiler.source(
          "test.BadResults",
          """
      package test;

      import java.io.InputStream;
      import java.util.*;
      import java.util.concurrent.CompletableFuture;
      import java.util.stream.Stream;

      public class BadResults extends other.Base {
        public record Item(String sku) {}
        public record Cart(List<Iterator<Item>> items) {}
        public record Node(String name, List<Node> children) {}
        public record Box<T>(T value) {}
        private record Secret(String value) {}

        Stream<String> stream() { return null; }
        Cart cart() { return null; }
        Node node() { return null; }
        <T> T typeVariable() { return null; }
        List<? extends Number> wildcard() { return null; }
        @SuppressWarnings("rawtypes") List raw() { return null; }
        Object object() { return null; }
        Runnable runnable() { return null; }
        StringBuilder builder() { return null; }
        ArrayList<String> arrayList() { return null; }
        InputStream input() { return null; }
        Map<Item, String> recordKeys() { return null; }
        Secret secret() { return null; }
        Shielded shielded() { return null; }
        List<String>[] genericArray() { return null; }
        Optional<Optional<String>> optionalOfOptional() { return null; }
        Map<String, CompletableFuture<String>> futures() { return null; }
        Iterable<String> iterable() { return null; }
        SortedSet<Item> sortedItems() { return null; }
        Date date() { return null; }
        Box<Item> box() { return null; }
      }
      """);

  @Test
  void unsupportedTypesAreReportedWithPathReasonAndFix() throws Exception {
    Compilation bad =
        TaskCompiler.javacWith(new CodecPlanningProcessor()).compile(BASE, UNSUPPORTED);
    assertThat(bad).failed();
    Map<String, String> reasons = new TreeMap<>();
    for (Diagnostic<? extends JavaFileObject> d : bad.errors()) {
      String line =
          UNSUPPORTED
              .getCharContent(true)
              .toString()
              .lines()
              .skip(d.getLineNumber() - 1)
              .findFirst()
              .orElseThrow()
              .trim();
      java.util.regex.Matcher name =
          java.util.regex.Pattern.compile("(\\w+)\\(\\) \\{").matcher(line);
      assertThat(name.find()).as(line).isTrue();
      reasons.put(name.group(1), d.getMessage(null));
    }
    String fix = "Return a record of supported types, or an id.";
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry(
                    "stream",
                    "java.util.stream.Stream<java.lang.String> cannot be stored (a stream"
                        + " is consumed once, so duplicates could not replay it). Collect it into a List, or"
                        + " return a record of supported types, or an id."),
                Map.entry(
                    "cart",
                    "Cart.items[]: java.util.Iterator<test.BadResults.Item> cannot be stored"
                        + " (an iterator is consumed once, so duplicates could not replay it). Collect it into"
                        + " a List, or return a record of supported types, or an id."),
                Map.entry(
                    "typeVariable",
                    "T cannot be stored (it is a type variable, and the codec is"
                        + " generated at compile time for a concrete type). Declare the concrete type in the"
                        + " method's signature (List<Item>, not List<T>)."),
                Map.entry(
                    "wildcard",
                    "List[]: ? extends java.lang.Number cannot be stored (it is a"
                        + " wildcard, and the codec is generated for one exact type). Declare the type itself"
                        + " (List<Item>, not List<? extends Item>)."),
                Map.entry(
                    "raw",
                    "java.util.List cannot be stored (it is a raw type, so the types of its"
                        + " contents are unknown). Give its type arguments (List<...>)."),
                Map.entry(
                    "object",
                    "java.lang.Object cannot be stored (Object says nothing about what to"
                        + " store, and the codec is generated for the declared type). "
                        + fix),
                Map.entry(
                    "runnable",
                    "java.lang.Runnable cannot be stored (it is an interface, and the"
                        + " stored text names no types (by design), so decoding could not choose an"
                        + " implementation). "
                        + fix),
                Map.entry(
                    "builder",
                    "java.lang.StringBuilder cannot be stored (it is a class, not a"
                        + " record; only records have a component list to store and a canonical constructor"
                        + " to rebuild them). Make it a record of supported types, or return an id."),
                Map.entry(
                    "arrayList",
                    "java.util.ArrayList<java.lang.String> cannot be stored (it is a"
                        + " concrete collection class, and decoded results are immutable copies). Declare it"
                        + " as java.util.List<...>."),
                Map.entry(
                    "input",
                    "java.io.InputStream cannot be stored (it is a resource (an I/O handle"
                        + " or connection) whose state lives outside this process). "
                        + fix),
                Map.entry(
                    "recordKeys",
                    "java.util.Map<test.BadResults.Item,java.lang.String> cannot be"
                        + " stored (its key type test.BadResults.Item has no text form, and JSON object keys"
                        + " are text). Use String, an enum, an integer, UUID, BigDecimal, BigInteger or a"
                        + " java.time value as the key, or return a List of records."),
                Map.entry(
                    "secret",
                    "test.BadResults.Secret cannot be stored (it is private, so the"
                        + " generated codec cannot name it). Make it package-private or public."),
                Map.entry(
                    "shielded",
                    "other.Base.Shielded cannot be stored (it is not public and in"
                        + " package other, so the codec generated in package test cannot name it). Make it"
                        + " public."),
                Map.entry(
                    "genericArray",
                    "java.util.List<java.lang.String>[] cannot be stored (Java"
                        + " cannot create arrays of a generic type, so it could not be decoded). Return a"
                        + " List<java.util.List<java.lang.String>> instead."),
                Map.entry(
                    "optionalOfOptional",
                    "java.util.Optional<java.util.Optional<java.lang.String>>"
                        + " cannot be stored (an empty inner Optional and an empty outer one would both be"
                        + " stored as null). Return a single Optional, or a record that says what each level"
                        + " means."),
                Map.entry(
                    "futures",
                    "Map[value]: java.util.concurrent.CompletableFuture<java.lang.String>"
                        + " cannot be stored (a future inside a result cannot be stored; only a task's own"
                        + " CompletableFuture/CompletionStage result is awaited). "
                        + fix),
                Map.entry(
                    "iterable",
                    "java.lang.Iterable<java.lang.String> cannot be stored (an Iterable"
                        + " may be lazy or consumed once). Collect it into a List, or return a record of"
                        + " supported types, or an id."),
                Map.entry(
                    "sortedItems",
                    "java.util.SortedSet<test.BadResults.Item> cannot be stored (its"
                        + " elements (test.BadResults.Item) are not Comparable, and it is rebuilt in natural"
                        + " order (a Comparator cannot be stored)). Use Comparable elements, or declare a List"
                        + " or Set."),
                Map.entry(
                    "date",
                    "java.util.Date cannot be stored (it is a class, not a record; only"
                        + " records have a component list to store and a canonical constructor to rebuild"
                        + " them). Return a java.time value (Instant, ZonedDateTime) instead.")));
    // Box<Item> is fine: the generic record is resolved at the use site.
  }

  @Test
  void planWithoutPackageStillRejectsPrivateTypes() {
    // Covered through the processor with a package; here the one-argument overload is exercised.
    Compilation c =
        TaskCompiler.javacWith(new OnePackagelessPlan())
            .compile(
                TaskCompiler.source(
                    "test.X",
                    """
            package test;
            class X {
              private record Secret(String v) {}
              Secret secret() { return null; }
            }
            """));
    assertThat(c).hadErrorContaining("test.X.Secret cannot be stored (it is private");
  }

  /** Plans with {@link CodecGenerator#plan(javax.lang.model.type.TypeMirror)} for class X. */
  private static final class OnePackagelessPlan
      extends javax.annotation.processing.AbstractProcessor {
    @Override
    public java.util.Set<String> getSupportedAnnotationTypes() {
      return java.util.Set.of("*");
    }

    @Override
    public javax.lang.model.SourceVersion getSupportedSourceVersion() {
      return javax.lang.model.SourceVersion.latestSupported();
    }

    @Override
    public boolean process(
        java.util.Set<? extends javax.lang.model.element.TypeElement> annotations,
        javax.annotation.processing.RoundEnvironment round) {
      CodecGenerator generator = new CodecGenerator(processingEnv);
      for (javax.lang.model.element.Element root : round.getRootElements()) {
        for (javax.lang.model.element.Element member : root.getEnclosedElements()) {
          if (member instanceof javax.lang.model.element.ExecutableElement method
              && member.getKind() == javax.lang.model.element.ElementKind.METHOD) {
            generator
                .plan(method.getReturnType())
                .unsupportedReason()
                .ifPresent(
                    reason ->
                        processingEnv
                            .getMessager()
                            .printMessage(Diagnostic.Kind.ERROR, reason, method));
          }
        }
      }
      return false;
    }
  }

  @SuppressWarnings("unchecked") // the generated constant's type argument is the method's
  private static ResultCodec<Object> codec(String method) {
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
