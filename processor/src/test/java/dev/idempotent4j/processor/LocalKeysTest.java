package dev.idempotent4j.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.TaskInvoker;
import dev.idempotent4j.runtime.spi.Replay;
import dev.idempotent4j.runtime.spi.TaskDefinition;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated local keys keep the key text's equality exactly, type by type: two arguments have
 * equal local keys if and only if their key texts are equal, the key text written from a local key
 * is the deriver's, and the engine, answering duplicates by local key, dedups exactly the calls
 * whose texts are equal, also where a type's {@code equals} disagrees with its text (the fallback
 * to text).
 */
class LocalKeysTest {

  private static final String GENERATED = "com.acme.Keys_Idempotent4j";

  private static final JavaFileObject KEYS =
      TaskCompiler.source(
          "com.acme.Keys",
          """
          package com.acme;

          import dev.idempotent4j.IdempotentTask;
          import java.math.BigDecimal;
          import java.math.BigInteger;
          import java.time.Duration;
          import java.time.Instant;
          import java.time.LocalDate;
          import java.time.ZonedDateTime;
          import java.util.UUID;

          public class Keys {
            public enum Color { RED, GREEN }

            public static final class Sku {
              private final String code;
              public Sku(String code) { this.code = code; }
              @Override public String toString() { return code; }
            }

            @IdempotentTask(key = "{v}") public String text(String v) { return "r"; }
            @IdempotentTask(key = "{v}") public String chars(CharSequence v) { return "r"; }
            @IdempotentTask(key = "{v}") public String integer(int v) { return "r"; }
            @IdempotentTask(key = "{v}") public String boxed(Integer v) { return "r"; }
            @IdempotentTask(key = "{v}") public String wide(long v) { return "r"; }
            @IdempotentTask(key = "{v}") public String flag(boolean v) { return "r"; }
            @IdempotentTask(key = "{v}") public String letter(char v) { return "r"; }
            @IdempotentTask(key = "{v}") public String big(BigInteger v) { return "r"; }
            @IdempotentTask(key = "{v}") public String uuid(UUID v) { return "r"; }
            @IdempotentTask(key = "{v}") public String color(Color v) { return "r"; }
            @IdempotentTask(key = "{v}") public String day(LocalDate v) { return "r"; }
            @IdempotentTask(key = "{v}") public String instant(Instant v) { return "r"; }
            @IdempotentTask(key = "{v}") public String window(Duration v) { return "r"; }
            @IdempotentTask(key = "{v}") public String real(double v) { return "r"; }
            @IdempotentTask(key = "{v}") public String single(float v) { return "r"; }
            @IdempotentTask(key = "{v}") public String boxedReal(Double v) { return "r"; }
            @IdempotentTask(key = "{v}") public String decimal(BigDecimal v) { return "r"; }
            @IdempotentTask(key = "{v}") public String zoned(ZonedDateTime v) { return "r"; }
            @IdempotentTask(key = "{v}") public String sku(Sku v) { return "r"; }
            @IdempotentTask(key = "{a}:{b}") public String pair(String a, double b) { return "r"; }
            @IdempotentTask(key = "{v}", name = "Keys.other") public String other(String v) { return "r"; }
          }
          """);

  private static ClassLoader loader;

  @BeforeAll
  static void compileAndLoad() {
    Compilation compilation = TaskCompiler.compile(KEYS);
    assertThat(compilation).succeededWithoutWarnings();
    loader = TaskCompiler.load(compilation);
    Idempotency.configure(Map.of()); // the embedded default: the local tier alone
  }

  @AfterAll
  static void stop() {
    Idempotency.reset();
  }

  @Test
  void valuesWhoseEqualsAgreesWithTheirTextAreTheirOwnLocalKeys() {
    agrees("text", "a", "a", "b", "a:b", "");
    agrees("chars", new StringBuilder("a"), new StringBuilder("a"), "a", new StringBuilder("b"));
    agrees("integer", 0, 0, -1, 1000, 1000, Integer.MIN_VALUE);
    agrees("boxed", 0, 1000, 1000, -5);
    agrees("wide", 0L, 10_000_000_000L, 10_000_000_000L, -1L);
    agrees("flag", true, true, false);
    agrees("letter", 'a', 'a', 'b', '\ud800', ':');
    agrees("big", BigInteger.TEN, BigInteger.valueOf(10), BigInteger.ONE.negate());
    agrees("uuid", new UUID(1, 2), new UUID(1, 2), new UUID(2, 1));
    agrees("day", LocalDate.of(2026, 12, 3), LocalDate.parse("2026-12-03"), LocalDate.MIN);
    agrees("instant", Instant.EPOCH, Instant.ofEpochMilli(0), Instant.ofEpochSecond(0, 1));
    agrees("window", Duration.ofMinutes(60), Duration.ofHours(1), Duration.ofNanos(1));
  }

  @Test
  void valuesWhoseEqualsMayDisagreeWithTheirTextAreKeyedByTheirText() {
    agrees("real", 0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L), 1.5);
    agrees("single", 0.0f, -0.0f, 1.5f);
    agrees("boxedReal", 0.0, -0.0, 2.0);
    agrees(
        "decimal",
        new BigDecimal("1E+3"),
        new BigDecimal("1000"),
        new BigDecimal("1.0"),
        new BigDecimal("1.00"));
    ZonedDateTime noon = ZonedDateTime.of(2026, 12, 3, 12, 0, 0, 0, ZoneOffset.UTC);
    agrees("zoned", noon, noon.withZoneSameInstant(ZoneId.of("UTC")), noon.plusSeconds(1));
    Object sku = TaskCompiler.instance(loader, "com.acme.Keys$Sku", "x");
    agrees("sku", sku, TaskCompiler.instance(loader, "com.acme.Keys$Sku", "x"));
    // -0.0 and 0.0 have one text: the same key, one local key.
    assertThat(localKey("real", -0.0)).isEqualTo(localKey("real", 0.0));
    assertThat(localKey("decimal", new BigDecimal("1E+3")))
        .isEqualTo(localKey("decimal", new BigDecimal("1000")));
  }

  @Test
  void severalPlaceholdersAreAListOfTheirParts() {
    TaskDefinition pair = TaskCompiler.definition(loader, GENERATED, "pair");
    Object[][] calls = {{"x:y", 0.0}, {"x:y", -0.0}, {"x", 1.0}, {"x", 1.5}};
    for (Object[] a : calls) {
      for (Object[] b : calls) {
        boolean sameText = key(pair, a).equals(key(pair, b));
        assertThat(pair.localKeyDeriver().localKey(a).equals(pair.localKeyDeriver().localKey(b)))
            .as("%s vs %s", List.of(a), List.of(b))
            .isEqualTo(sameText);
      }
    }
  }

  @Test
  void theEngineDedupsExactlyTheCallsWhoseKeyTextsAreEqual() throws Exception {
    assertThat(call("real", 0.0)).as("first call").isNotInstanceOf(Replay.class);
    assertThat(call("real", -0.0)).as("0.0 and -0.0 share a key").isInstanceOf(Replay.class);
    assertThat(call("decimal", new BigDecimal("1E+3"))).isNotInstanceOf(Replay.class);
    assertThat(call("decimal", new BigDecimal("1000"))).isInstanceOf(Replay.class);
    assertThat(call("decimal", new BigDecimal("1000.0"))).isNotInstanceOf(Replay.class);
    assertThat(call("text", "order-1")).isNotInstanceOf(Replay.class);
    assertThat(call("text", new String("order-1"))).isInstanceOf(Replay.class);
    assertThat(call("other", "order-1"))
        .as("another task with the same argument value has its own key")
        .isNotInstanceOf(Replay.class);
    assertThat(call("chars", new StringBuilder("b"))).isNotInstanceOf(Replay.class);
    assertThat(call("chars", new StringBuilder("b"))).isInstanceOf(Replay.class);
  }

  /** Over every pair of {@code values}: equal local keys exactly where the key texts are equal. */
  private static void agrees(String task, Object... values) {
    TaskDefinition definition = TaskCompiler.definition(loader, GENERATED, task);
    for (Object a : values) {
      Object[] first = {a};
      String text = key(definition, first);
      Object local = definition.localKeyDeriver().localKey(first);
      assertThat(definition.localKeyText().key("i4j:" + definition.name() + ":", local))
          .as("the text of the local key of %s", a)
          .isEqualTo(text);
      for (Object b : values) {
        Object[] second = {b};
        boolean sameText = text.equals(key(definition, second));
        assertThat(local.equals(definition.localKeyDeriver().localKey(second)))
            .as("%s: local keys of %s and %s, texts equal: %s", task, a, b, sameText)
            .isEqualTo(sameText);
      }
    }
  }

  private static String key(TaskDefinition definition, Object[] args) {
    return definition.keyDeriver().derive("i4j:" + definition.name() + ":", args);
  }

  private static Object localKey(String task, Object value) {
    return TaskCompiler.definition(loader, GENERATED, task)
        .localKeyDeriver()
        .localKey(new Object[] {value});
  }

  /** One call through the task's generated entry point, completed at once if it runs. */
  private static Object call(String task, Object argument) throws Exception {
    Class<?> generated = loader.loadClass(GENERATED);
    Method entry = null;
    for (Method method : generated.getMethods()) {
      if (method.getName().equals(task + "$enter")) {
        entry = method;
      }
    }
    assertThat(entry).as(task + "$enter").isNotNull();
    Object entered;
    try {
      entered = entry.invoke(null, argument);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
    if (!(entered instanceof Replay)) {
      TaskInvoker.exit(entered, "r", null);
    }
    return entered;
  }
}
