package dev.idempotent4j.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class KeyBuilderTest {

  private static final KeyBuilder.Escapes COLON = KeyBuilder.Escapes.of(":");

  private static String pair(String a, String b) {
    return new KeyBuilder(COLON).text(a).literal(":").text(b).build();
  }

  @Test
  void separatorsInsideValuesNeverCollide() {
    assertThat(pair("x:y", "z")).isEqualTo("x%3Ay:z");
    assertThat(pair("x", "y:z")).isEqualTo("x:y%3Az");
    assertThat(pair("x:y", "z")).isNotEqualTo(pair("x", "y:z"));
  }

  @Test
  void escapeCharacterItselfIsEscaped() {
    assertThat(pair("%3A", "z")).isEqualTo("%253A:z");
    assertThat(pair("%3A", "z")).isNotEqualTo(pair(":", "z"));
  }

  @Test
  void exhaustiveSmallAlphabetIsInjective() {
    String[] alphabet = {"", "a", ":", "%", "a:", ":a", "%3A", "a%", "::"};
    Set<String> keys = new HashSet<>();
    int tuples = 0;
    for (String a : alphabet) {
      for (String b : alphabet) {
        keys.add(pair(a, b));
        tuples++;
      }
    }
    assertThat(keys).hasSize(tuples);
  }

  @Test
  void canonicalTextPerType() {
    KeyBuilder.Escapes none = KeyBuilder.Escapes.of("/");
    assertThat(new KeyBuilder(none).number(42L).build()).isEqualTo("42");
    assertThat(new KeyBuilder(none).number(-7).build()).isEqualTo("-7");
    assertThat(new KeyBuilder(none).number(1e20).build()).isEqualTo("100000000000000000000");
    assertThat(new KeyBuilder(none).number(0.1f).build()).isEqualTo("0.1");
    assertThat(new KeyBuilder(none).number(new BigDecimal("1E+3")).build()).isEqualTo("1000");
    assertThat(
            new KeyBuilder(none).number(new BigInteger("123456789012345678901234567890")).build())
        .isEqualTo("123456789012345678901234567890");
    assertThat(new KeyBuilder(none).bool(true).build()).isEqualTo("true");
    assertThat(new KeyBuilder(none).enumName(Thread.State.NEW).build()).isEqualTo("NEW");
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(new KeyBuilder(none).uuid(id).build()).isEqualTo(id.toString());
    assertThat(new KeyBuilder(none).temporal(LocalDate.of(2026, 11, 23)).build())
        .isEqualTo("2026-11-23");
    assertThat(new KeyBuilder(none).amount(Duration.ofMinutes(90)).build()).isEqualTo("PT1H30M");
  }

  @Test
  void timesEscapeTheirColonsWhenTheTemplateUsesColons() {
    String key = new KeyBuilder(COLON).literal("slot:").temporal(LocalTime.of(10, 15)).build();
    assertThat(key).isEqualTo("slot:10%3A15");
  }

  @Test
  void negativeNumbersEscapeTheMinusWhenItIsASeparator() {
    KeyBuilder.Escapes dash = KeyBuilder.Escapes.of("-");
    String a = new KeyBuilder(dash).number(1).literal("-").number(-2).build();
    String b = new KeyBuilder(dash).number(1).literal("-").literal("-").number(2).build();
    assertThat(a).isEqualTo("1-%2D2").isNotEqualTo(b);
  }

  @Test
  void nonAsciiSeparatorsArePercentEncodedAsUtf8() {
    KeyBuilder.Escapes arrow = KeyBuilder.Escapes.of("→");
    assertThat(new KeyBuilder(arrow).text("a→b").build()).isEqualTo("a%E2%86%92b");
  }

  @Test
  void staticTextEscapesLikeTheBuilderAndReturnsACleanStringItself() {
    KeyBuilder.Escapes escapes = KeyBuilder.Escapes.of(":/→");
    char[] alphabet = {'a', 'Z', '7', ':', '/', '%', '→', 'é', '-', '\u00ff'};
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2_000; i++) {
      StringBuilder value = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        value.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String text = value.toString();
      String expected = new KeyBuilder(escapes).text(text).build();
      assertThat(KeyBuilder.text(escapes, text)).isEqualTo(expected);
      assertThat(KeyBuilder.text(escapes, new StringBuilder(text))).isEqualTo(expected);
      if (expected.equals(text)) {
        assertThat(KeyBuilder.text(escapes, text)).isSameAs(text);
      }
    }
  }

  @Test
  void loneSurrogatesAreEscapedSoEveryStringHasItsOwnValidKey() {
    KeyBuilder.Escapes none = KeyBuilder.Escapes.of("-");
    String[] values = {
      "req-7\ud800",
      "req-7\udfff",
      "req-7?",
      "req-7%uD800",
      "req-7\ud83d\ude00",
      "req-7\ude00\ud83d"
    };
    Set<String> keys = new HashSet<>();
    Set<String> utf8 = new HashSet<>();
    for (String value : values) {
      String key = new KeyBuilder(none).literal("k:").text(value).build();
      keys.add(key);
      byte[] bytes = key.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // what Redis stores: the UTF-8 bytes, which must decode back to the very same key
      assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(key);
      utf8.add(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    assertThat(keys).hasSize(values.length);
    assertThat(utf8).hasSize(values.length);
    assertThat(new KeyBuilder(none).text("a\ud800b").build()).isEqualTo("a%uD800b");
    assertThat(new KeyBuilder(none).character('\udfff').build()).isEqualTo("%uDFFF");
    assertThat(new KeyBuilder(none).text("\ud83d\ude00").build()).isEqualTo("\ud83d\ude00");
    assertThat(KeyBuilder.text(none, "x\ud800")).isEqualTo("x%uD800");
  }

  @Test
  void aSeparatorOutsideTheBasicPlaneIsEscapedAsItsUtf8Bytes() {
    KeyBuilder.Escapes emoji = KeyBuilder.Escapes.of("\ud83d\ude00\ud83d\ude01");
    assertThat(new KeyBuilder(emoji).text("a\ud83d\ude01b").build()).isEqualTo("a%F0%9F%98%81b");
    assertThat(new KeyBuilder(emoji).text("a\ud83d\ude02b").build()).isEqualTo("a\ud83d\ude02b");
  }

  private static String decimal(String value) {
    return KeyBuilder.number(KeyBuilder.Escapes.of("/"), new BigDecimal(value));
  }

  @Test
  void ordinaryDecimalsKeepTheirPlainText() {
    assertThat(decimal("12.50")).isEqualTo("12.50");
    assertThat(decimal("1.0")).isEqualTo("1.0").isNotEqualTo(decimal("1.00"));
    assertThat(decimal("1E+3")).isEqualTo("1000").isEqualTo(decimal("1000"));
    assertThat(decimal("-0.001")).isEqualTo("-0.001");
    assertThat(decimal("0E+5")).isEqualTo("0");
    assertThat(decimal("1E+1000")).isEqualTo("1" + "0".repeat(1000));
    assertThat(decimal("1E-1000")).isEqualTo("0." + "0".repeat(999) + "1");
    assertThat(decimal(Double.toString(Double.MIN_VALUE)))
        .isEqualTo(new BigDecimal(Double.toString(Double.MIN_VALUE)).toPlainString());
  }

  @Test
  void hugeExponentsGiveShortScientificTextInConstantTime() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () -> {
          assertThat(decimal("1e999999999")).isEqualTo("1E+999999999");
          assertThat(decimal("-1e999999999")).isEqualTo("-1E+999999999");
          assertThat(decimal("1e-999999999")).isEqualTo("1E-999999999");
          assertThat(decimal("1.50e-999999999")).isEqualTo("150E-1000000001");
          assertThat(decimal("0e-999999999")).isEqualTo("0E-999999999");
          assertThat(decimal("0e999999999")).isEqualTo("0");
          for (int i = 0; i < 1_000; i++) {
            decimal("1e999999999");
          }
        });
    // equal values that toPlainString wrote alike still share their text
    assertThat(decimal("1E+1001")).isEqualTo(decimal("10E+1000")).isEqualTo("1E+1001");
    assertThat(decimal("1" + "0".repeat(1001))).isEqualTo("1E+1001");
    assertThat(decimal("1E-1002")).isEqualTo("1E-1002").isNotEqualTo(decimal("1.0E-1002"));
    Set<String> texts = new HashSet<>();
    for (String value :
        new String[] {"1E+1001", "1E-1001", "1E-1002", "10E-1003", "-1E+1001", "1E+1002", "1"}) {
      texts.add(decimal(value));
    }
    assertThat(texts).hasSize(7);
  }

  @Test
  void numbersBeyondTenThousandDigitsCannotBeKeyed() {
    BigInteger huge = BigInteger.TEN.pow(10_000);
    assertThatThrownBy(() -> KeyBuilder.number(KeyBuilder.Escapes.of("/"), huge))
        .isInstanceOf(UnkeyableValueException.class)
        .hasMessageContaining("10,000 digits");
    assertThatThrownBy(
            () -> new KeyBuilder(KeyBuilder.Escapes.of("/")).number(new BigDecimal(huge)))
        .isInstanceOf(UnkeyableValueException.class)
        .hasMessageContaining("BigDecimal");
    assertThat(KeyBuilder.number(KeyBuilder.Escapes.of("/"), BigInteger.TEN.pow(9_999)))
        .hasSize(10_000);
  }

  @Test
  void nullMarkerCannotBeForgedByAText() {
    assertThat(new KeyBuilder(COLON).nullValue().build())
        .isNotEqualTo(new KeyBuilder(COLON).text("%null").build());
  }
}
