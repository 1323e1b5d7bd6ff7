package dev.idempotent4j.runtime.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CodecsTest {

  enum Status {
    PAID,
    FAILED
  }

  @Test
  void primitivesAndBoxesRoundTripAtTheirEdges() {
    roundTrip(Codecs.booleanValue(), true, "true");
    roundTrip(Codecs.booleanBox(), null, "null");
    roundTrip(Codecs.byteValue(), Byte.MIN_VALUE, "-128");
    roundTrip(Codecs.byteBox(), Byte.MAX_VALUE, "127");
    roundTrip(Codecs.shortValue(), Short.MIN_VALUE, "-32768");
    roundTrip(Codecs.intValue(), Integer.MIN_VALUE, "-2147483648");
    roundTrip(Codecs.intBox(), null, "null");
    roundTrip(Codecs.longValue(), Long.MIN_VALUE, "-9223372036854775808");
    roundTrip(Codecs.longBox(), Long.MAX_VALUE, "9223372036854775807");
    roundTrip(Codecs.doubleValue(), 0.1, "0.1");
    roundTrip(Codecs.doubleValue(), -0.0, "-0.0");
    roundTrip(Codecs.doubleValue(), Double.MIN_VALUE, "4.9E-324");
    roundTrip(Codecs.doubleValue(), Double.MAX_VALUE, "1.7976931348623157E308");
    roundTrip(Codecs.doubleValue(), Double.NaN, "\"NaN\"");
    roundTrip(Codecs.doubleBox(), Double.POSITIVE_INFINITY, "\"Infinity\"");
    roundTrip(Codecs.doubleBox(), Double.NEGATIVE_INFINITY, "\"-Infinity\"");
    roundTrip(Codecs.floatValue(), 0.1f, "0.1");
    roundTrip(Codecs.floatBox(), Float.NaN, "\"NaN\"");
    roundTrip(Codecs.charValue(), '"', "\"\\\"\"");
    roundTrip(Codecs.charBox(), '\u0000', "\"\\u0000\"");
    roundTrip(Codecs.voidResult(), null, "null");
  }

  @Test
  void numbersOutOfRangeOrWithFractionsAreRejected() {
    assertThatThrownBy(() -> Codecs.byteValue().decode("300"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("$: expected an integer from -128 to 127 (byte), found 300");
    assertThatThrownBy(() -> Codecs.intValue().decode("1.5"))
        .hasMessage("$: expected an integer from -2147483648 to 2147483647 (int), found 1.5");
    assertThatThrownBy(() -> Codecs.intValue().decode("1e2"))
        .hasMessage("$: expected an integer from -2147483648 to 2147483647 (int), found 1e2");
    assertThatThrownBy(() -> Codecs.longValue().decode("9223372036854775808"))
        .hasMessageContaining("(long), found 9223372036854775808");
    assertThatThrownBy(() -> Codecs.intValue().decode("null"))
        .hasMessage("$: expected an integer from -2147483648 to 2147483647 (int), found null");
    assertThatThrownBy(() -> Codecs.doubleValue().decode("1e999"))
        .hasMessage("$: number 1e999 is out of the range of a double");
    assertThatThrownBy(() -> Codecs.floatValue().decode("1e39"))
        .hasMessage("$: number 1e39 is out of the range of a float");
    assertThatThrownBy(() -> Codecs.doubleValue().decode("\"nan\""))
        .hasMessage("$: expected a number, or \"NaN\", \"Infinity\", \"-Infinity\", found \"nan\"");
    assertThatThrownBy(() -> Codecs.charValue().decode("\"ab\""))
        .hasMessage("$: expected a one-character string (char), found \"ab\"");
    assertThatThrownBy(() -> Codecs.booleanValue().decode("1"))
        .hasMessage("$: expected a boolean, found 1");
    assertThatThrownBy(() -> Codecs.voidResult().decode("1"))
        .hasMessage("$: expected null (the task returns void), found 1");
  }

  @Test
  void textValuesRoundTripExactly() {
    roundTrip(Codecs.string(), "", "\"\"");
    roundTrip(
        Codecs.uuid(),
        UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"),
        "\"0f8fad5b-d9cb-469f-a165-70867728950e\"");
    roundTrip(Codecs.bigDecimal(), new BigDecimal("12.50"), "\"12.50\"");
    roundTrip(Codecs.bigDecimal(), new BigDecimal("1E+3"), "\"1E+3\"");
    roundTrip(
        Codecs.bigInteger(),
        new BigInteger("-123456789012345678901234567890"),
        "\"-123456789012345678901234567890\"");
    roundTrip(
        Codecs.instant(),
        Instant.parse("2024-01-31T10:15:30.123456789Z"),
        "\"2024-01-31T10:15:30.123456789Z\"");
    roundTrip(Codecs.instant(), Instant.MIN, "\"-1000000000-01-01T00:00:00Z\"");
    roundTrip(Codecs.localDate(), LocalDate.of(2024, 2, 29), "\"2024-02-29\"");
    roundTrip(Codecs.localDate(), LocalDate.of(12024, 1, 1), "\"+12024-01-01\"");
    roundTrip(
        Codecs.localDateTime(), LocalDateTime.of(2024, 1, 31, 10, 15), "\"2024-01-31T10:15\"");
    roundTrip(Codecs.localTime(), LocalTime.of(23, 59, 59, 1), "\"23:59:59.000000001\"");
    roundTrip(
        Codecs.offsetDateTime(),
        OffsetDateTime.of(2024, 1, 31, 10, 15, 30, 0, ZoneOffset.ofHours(1)),
        "\"2024-01-31T10:15:30+01:00\"");
    roundTrip(
        Codecs.offsetTime(),
        OffsetTime.of(10, 15, 30, 0, ZoneOffset.ofHours(-5)),
        "\"10:15:30-05:00\"");
    roundTrip(
        Codecs.zonedDateTime(),
        ZonedDateTime.of(2024, 1, 31, 10, 15, 30, 0, ZoneId.of("Europe/Paris")),
        "\"2024-01-31T10:15:30+01:00[Europe/Paris]\"");
    roundTrip(Codecs.duration(), Duration.ofSeconds(-1, 5), "\"PT-0.999999995S\"");
    roundTrip(Codecs.period(), Period.of(1, -2, 3), "\"P1Y-2M3D\"");
    roundTrip(Codecs.year(), Year.of(12024), "\"12024\"");
    roundTrip(Codecs.year(), Year.of(-5), "\"-5\"");
    roundTrip(Codecs.yearMonth(), YearMonth.of(2024, 1), "\"2024-01\"");
    roundTrip(Codecs.monthDay(), MonthDay.of(2, 29), "\"--02-29\"");
    roundTrip(Codecs.zoneId(), ZoneId.of("America/New_York"), "\"America/New_York\"");
    roundTrip(Codecs.zoneOffset(), ZoneOffset.ofHoursMinutes(5, 30), "\"+05:30\"");
    roundTrip(Codecs.enumOf(DayOfWeek.class, DayOfWeek.values()), DayOfWeek.MONDAY, "\"MONDAY\"");
    roundTrip(Codecs.enumOf(Month.class, Month.values()), Month.FEBRUARY, "\"FEBRUARY\"");
    roundTrip(Codecs.enumOf(Status.class, Status.values()), Status.PAID, "\"PAID\"");
  }

  @Test
  void badTextValuesSayWhatFormWasExpected() {
    assertThatThrownBy(() -> Codecs.uuid().decode("\"1-1-1-1-1\""))
        .hasMessage(
            "$: expected a UUID (0f8fad5b-d9cb-469f-a165-70867728950e), found \"1-1-1-1-1\"");
    assertThatThrownBy(() -> Codecs.localDate().decode("\"2023-02-29\""))
        .hasMessage("$: expected an ISO-8601 date (2024-01-31), found \"2023-02-29\"");
    assertThatThrownBy(() -> Codecs.bigDecimal().decode("12.5"))
        .hasMessage("$: expected a decimal number as a string (\"12.50\"), found 12.5");
    assertThatThrownBy(() -> Codecs.bigInteger().decode("\"" + "9".repeat(10_001) + "\""))
        .hasMessageStartingWith("$: expected an integer as a string (\"12\"), found \"9999");
    assertThatThrownBy(() -> Codecs.zoneId().decode("\"Mars/Olympus\""))
        .hasMessage("$: expected a time-zone id (Europe/Paris), found \"Mars/Olympus\"");
    assertThatThrownBy(() -> Codecs.enumOf(Status.class, Status.values()).decode("\"paid\""))
        .hasMessage(
            "$: expected a constant of dev.idempotent4j.runtime.codec.CodecsTest.Status"
                + " [PAID, FAILED], found \"paid\"");
    assertThatThrownBy(() -> Codecs.enumOf(Status.class, Status.values()).decode("0"))
        .hasMessage(
            "$: expected a constant of dev.idempotent4j.runtime.codec.CodecsTest.Status"
                + " [PAID, FAILED], found 0");
  }

  @Test
  void stringsEscapeControlCharactersAndKeepEveryCodePoint() {
    String text = "a\"b\\c\n\r\t\b\f\u0001\u001f\u007f é 漢 😀 \u2028\u2029 /";
    roundTrip(
        Codecs.string(),
        text,
        "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\u007f é 漢 😀 \\u2028\\u2029 /\"");
    // An unpaired surrogate cannot travel as UTF-8, so it is escaped and comes back intact.
    roundTrip(Codecs.string(), "x\uD800y\uDC00", "\"x\\ud800y\\udc00\"");
    assertThat(Codecs.string().decode("\"\\u00e9\\/\\uD83D\\uDE00\"")).isEqualTo("é/😀");
  }

  @Test
  void optionalsAreTheirValueOrNull() {
    JsonCodec<Optional<String>> codec = Codecs.optional(Codecs.string());
    roundTrip(codec, Optional.of("x"), "\"x\"");
    roundTrip(codec, Optional.empty(), "null");
    assertThat(codec.encode(null)).isEqualTo("null");
    roundTrip(Codecs.optionalInt(), OptionalInt.of(-1), "-1");
    roundTrip(Codecs.optionalInt(), OptionalInt.empty(), "null");
    roundTrip(Codecs.optionalLong(), OptionalLong.of(Long.MAX_VALUE), "9223372036854775807");
    roundTrip(Codecs.optionalDouble(), OptionalDouble.of(Double.NaN), "\"NaN\"");
    roundTrip(Codecs.optionalDouble(), OptionalDouble.empty(), "null");
  }

  @Test
  void collectionsRoundTripAsImmutableCopiesKeepingNulls() {
    List<String> list = Arrays.asList("a", null, "b");
    JsonCodec<List<String>> listCodec = Codecs.list(Codecs.string());
    List<String> decodedList = roundTrip(listCodec, list, "[\"a\",null,\"b\"]");
    assertThatThrownBy(() -> decodedList.add("c"))
        .isInstanceOf(UnsupportedOperationException.class);
    roundTrip(listCodec, List.of(), "[]");

    Set<Integer> set = new LinkedHashSet<>(Arrays.asList(3, 1, null));
    Set<Integer> decodedSet = roundTrip(Codecs.set(Codecs.intBox()), set, "[3,1,null]");
    assertThat(decodedSet).containsExactly(3, 1, null);
    assertThatThrownBy(decodedSet::clear).isInstanceOf(UnsupportedOperationException.class);

    SortedSet<String> sorted =
        roundTrip(
            Codecs.sortedSet(Codecs.string()), new TreeSet<>(Set.of("b", "a")), "[\"a\",\"b\"]");
    assertThatThrownBy(() -> sorted.add("c")).isInstanceOf(UnsupportedOperationException.class);

    Map<Status, List<Long>> map = new LinkedHashMap<>();
    map.put(Status.FAILED, List.of(1L, 2L));
    map.put(Status.PAID, null);
    JsonCodec<Map<Status, List<Long>>> mapCodec =
        Codecs.map(Codecs.enumOf(Status.class, Status.values()), Codecs.list(Codecs.longValue()));
    Map<Status, List<Long>> decodedMap =
        roundTrip(mapCodec, map, "{\"FAILED\":[1,2],\"PAID\":null}");
    assertThat(decodedMap.keySet()).containsExactly(Status.FAILED, Status.PAID);
    assertThatThrownBy(() -> decodedMap.put(Status.PAID, List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> decodedMap.get(Status.FAILED).add(3L))
        .isInstanceOf(UnsupportedOperationException.class);

    NavigableMap<Integer, String> byNumber =
        roundTrip(
            Codecs.navigableMap(Codecs.intBox(), Codecs.string()),
            new TreeMap<>(Map.of(10, "ten", 9, "nine")),
            "{\"9\":\"nine\",\"10\":\"ten\"}");
    assertThat(byNumber.firstKey()).isEqualTo(9);

    roundTrip(
        Codecs.map(Codecs.uuid(), Codecs.localDate()),
        Map.of(new UUID(0, 1), LocalDate.of(2024, 1, 1)),
        "{\"00000000-0000-0000-0000-000000000001\":\"2024-01-01\"}");
    roundTrip(
        Codecs.map(Codecs.string(), Codecs.string()), Map.of("a\"b", "c"), "{\"a\\\"b\":\"c\"}");
  }

  @Test
  void collectionErrorsNameTheElement() {
    assertThatThrownBy(() -> Codecs.set(Codecs.intBox()).decode("[1,2,1]"))
        .hasMessage("$[2]: repeated set element 1");
    assertThatThrownBy(
            () -> Codecs.map(Codecs.string(), Codecs.intBox()).decode("{\"a\":1,\"a\":2}"))
        .hasMessage("$.a: repeated map key \"a\"");
    assertThatThrownBy(() -> Codecs.map(Codecs.intBox(), Codecs.intBox()).decode("{\"x\":1}"))
        .hasMessage(
            "$.x: expected a key that is an integer from -2147483648 to 2147483647 (int),"
                + " found \"x\"");
    assertThatThrownBy(() -> Codecs.map(Codecs.longBox(), Codecs.intBox()).decode("{\"007\":1}"))
        .hasMessage(
            "$[\"007\"]: expected a key that is an integer from -9223372036854775808 to"
                + " 9223372036854775807 (long), found \"007\"");
    assertThatThrownBy(() -> Codecs.map(Codecs.byteBox(), Codecs.intBox()).decode("{\"128\":1}"))
        .hasMessageStartingWith("$[\"128\"]: expected a key that is an integer from -128 to 127");
    assertThatThrownBy(() -> Codecs.sortedSet(Codecs.string()).decode("[null]"))
        .hasMessage("$[0]: a sorted set cannot hold null");
    Map<String, Integer> nullKey = new HashMap<>();
    nullKey.put(null, 1);
    assertThatThrownBy(() -> Codecs.map(Codecs.string(), Codecs.intBox()).encode(nullKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("a map with a null key cannot be stored");
    assertThatThrownBy(() -> Codecs.list(Codecs.list(Codecs.intValue())).decode("[[1],[2,\"x\"]]"))
        .hasMessage(
            "$[1][1]: expected an integer from -2147483648 to 2147483647 (int), found \"x\"");
  }

  @Test
  void arraysRoundTripAsFreshCopies() {
    String[][] grid = {{"a", null}, {}, null};
    JsonCodec<String[][]> gridCodec =
        Codecs.array(Codecs.array(Codecs.string(), String[]::new), String[][]::new);
    String[][] back = roundTrip(gridCodec, grid, "[[\"a\",null],[],null]");
    assertThat(back).isNotSameAs(grid);
    roundTrip(Codecs.booleanArray(), new boolean[] {true, false}, "[true,false]");
    roundTrip(Codecs.byteArray(), new byte[] {0, -1, 127}, "\"AP9/\"");
    roundTrip(Codecs.shortArray(), new short[] {Short.MIN_VALUE}, "[-32768]");
    roundTrip(
        Codecs.intArray(), new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "[1,2,3,4,5,6,7,8,9,10]");
    roundTrip(Codecs.longArray(), new long[] {Long.MIN_VALUE}, "[-9223372036854775808]");
    roundTrip(Codecs.floatArray(), new float[] {1.5f, Float.NaN}, "[1.5,\"NaN\"]");
    roundTrip(Codecs.doubleArray(), new double[] {}, "[]");
    roundTrip(
        Codecs.doubleArray(),
        new double[] {-1e-300, Double.NEGATIVE_INFINITY},
        "[-1.0E-300,\"-Infinity\"]");
    roundTrip(Codecs.charArray(), new char[] {'h', 'i'}, "\"hi\"");
    roundTrip(Codecs.intArray(), null, "null");
    assertThatThrownBy(() -> Codecs.shortArray().decode("[1,40000]"))
        .hasMessage("$[1]: expected an integer from -32768 to 32767 (short), found 40000");
    assertThatThrownBy(() -> Codecs.byteArray().decode("\"***\""))
        .hasMessage("$: expected a base64 string, found \"***\"");
  }

  @Test
  void largeListsRoundTrip() {
    List<Long> numbers = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      numbers.add(i * 7919);
    }
    JsonCodec<List<Long>> codec = Codecs.list(Codecs.longValue());
    assertThat(codec.decode(codec.encode(numbers))).isEqualTo(numbers);
  }

  private static <T> T roundTrip(JsonCodec<T> codec, T value, String json) {
    assertThat(codec.encode(value)).isEqualTo(json);
    T back = codec.decode(json);
    assertThat(back).isEqualTo(value);
    assertThat(codec.encode(back)).isEqualTo(json);
    // Whitespace a person might add with redis-cli does not matter.
    assertThat(codec.decode(" \n" + json + "\t ")).isEqualTo(value);
    return back;
  }
}
