package dev.idempotent4j.runtime.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.UUID;
import java.util.function.IntFunction;

// Over 400 lines on purpose: this is the one facade the generated code names (RuntimeNames.CODECS),
// one documented factory per supported type, each a line or two that hands over to a codec class
// of its own; the length is the javadoc of each type's JSON form. Split, the generated codec
// expressions (golden fixtures) and the public API would change for no gain in clarity.

/**
 * The result codecs: one per supported type, and combinators that nest them. The processor wires
 * them together as plain Java for a task's declared return type; no reflection, no type names in
 * the stored text, so stored text can only ever become a value of the declared type.
 *
 * <pre>{@code
 * // for: Map<Currency, List<Receipt>> totals()
 * JsonCodec<Map<Currency, List<Receipt>>> codec = Codecs.map(
 *     Codecs.enumOf(Currency.class, Currency.values()),
 *     Codecs.list(Codecs.<Receipt>record("com.acme.Receipt")
 *         .component("id", Codecs.string(), Receipt::id)
 *         .component("cents", Codecs.longValue(), Receipt::cents)
 *         .build(c -> new Receipt(c.<String>get(0), c.getLong(1)))));
 * codec.encode(totals);   // {"EUR":[{"id":"r-1","cents":1250}]}
 * }</pre>
 *
 * <p>JSON forms: primitives and boxes as JSON booleans and numbers ({@code double}/{@code float}
 * NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}); {@code
 * char} as a one-character string; {@code UUID}, {@code BigDecimal}, {@code BigInteger} and {@code
 * java.time} values as strings in their exact {@code toString()}/ISO-8601 form; enums by name;
 * {@code Optional} as its value or {@code null}; lists, sets and arrays as arrays; maps as objects
 * keyed by the key's text; {@code byte[]} as base64 and {@code char[]} as a string; records as
 * objects of component name to value. Every codec writes {@code null} for a null reference, and the
 * codecs of primitives reject {@code null} on read.
 *
 * <p>Decoded values are immutable: collections are unmodifiable copies (null elements kept for
 * {@code List}, {@code Set}, {@code Map} values), arrays are fresh.
 */
public final class Codecs {

  private Codecs() {}

  /** The result of a {@code void} task: {@code null}. */
  public static JsonCodec<Void> voidResult() {
    return VoidCodec.INSTANCE;
  }

  /** A {@code boolean}: {@code true}; rejects {@code null}. */
  public static JsonCodec<Boolean> booleanValue() {
    return BooleanCodec.PRIMITIVE;
  }

  /** A {@code Boolean}: {@code true} or {@code null}. */
  public static JsonCodec<Boolean> booleanBox() {
    return BooleanCodec.BOXED;
  }

  /** A {@code byte}: {@code -5}; rejects {@code null} and numbers outside -128..127. */
  public static KeyCodec<Byte> byteValue() {
    return IntegralCodec.BYTE;
  }

  /** A {@code Byte}: {@code -5} or {@code null}. */
  public static KeyCodec<Byte> byteBox() {
    return IntegralCodec.BYTE_BOX;
  }

  /** A {@code short}: {@code 300}; rejects {@code null} and numbers out of range. */
  public static KeyCodec<Short> shortValue() {
    return IntegralCodec.SHORT;
  }

  /** A {@code Short}: {@code 300} or {@code null}. */
  public static KeyCodec<Short> shortBox() {
    return IntegralCodec.SHORT_BOX;
  }

  /** An {@code int}: {@code 42}; rejects {@code null}, fractions and numbers out of range. */
  public static KeyCodec<Integer> intValue() {
    return IntegralCodec.INT;
  }

  /** An {@code Integer}: {@code 42} or {@code null}. */
  public static KeyCodec<Integer> intBox() {
    return IntegralCodec.INT_BOX;
  }

  /** A {@code long}: {@code -9223372036854775808}; rejects {@code null} and fractions. */
  public static KeyCodec<Long> longValue() {
    return IntegralCodec.LONG;
  }

  /** A {@code Long}: {@code 42} or {@code null}. */
  public static KeyCodec<Long> longBox() {
    return IntegralCodec.LONG_BOX;
  }

  /** A {@code float}: {@code 1.5}, {@code "NaN"}; rejects {@code null}. */
  public static JsonCodec<Float> floatValue() {
    return FloatingCodec.FLOAT;
  }

  /** A {@code Float}: {@code 1.5} or {@code null}. */
  public static JsonCodec<Float> floatBox() {
    return FloatingCodec.FLOAT_BOX;
  }

  /** A {@code double}: {@code 1.0E-5}, {@code "Infinity"}; rejects {@code null}. */
  public static JsonCodec<Double> doubleValue() {
    return FloatingCodec.DOUBLE;
  }

  /** A {@code Double}: {@code 1.5} or {@code null}. */
  public static JsonCodec<Double> doubleBox() {
    return FloatingCodec.DOUBLE_BOX;
  }

  /** A {@code char}: {@code "x"}; rejects {@code null}. */
  public static JsonCodec<Character> charValue() {
    return CharCodec.PRIMITIVE;
  }

  /** A {@code Character}: {@code "x"} or {@code null}. */
  public static JsonCodec<Character> charBox() {
    return CharCodec.BOXED;
  }

  /** A {@code String}, escaped as JSON requires. */
  public static KeyCodec<String> string() {
    return StringCodec.INSTANCE;
  }

  /** A {@code UUID}: {@code "0f8fad5b-d9cb-469f-a165-70867728950e"}. */
  public static KeyCodec<UUID> uuid() {
    return TextCodecs.UUID_CODEC;
  }

  /** A {@code BigDecimal}, exact with its scale: {@code "12.50"}, {@code "1E+3"}. */
  public static KeyCodec<BigDecimal> bigDecimal() {
    return TextCodecs.BIG_DECIMAL;
  }

  /** A {@code BigInteger}, exact: {@code "123456789012345678901234567890"}. */
  public static KeyCodec<BigInteger> bigInteger() {
    return TextCodecs.BIG_INTEGER;
  }

  /** An {@code Instant}: {@code "2024-01-31T10:15:30.123Z"}. */
  public static KeyCodec<Instant> instant() {
    return TextCodecs.INSTANT;
  }

  /** A {@code LocalDate}: {@code "2024-01-31"}. */
  public static KeyCodec<LocalDate> localDate() {
    return TextCodecs.LOCAL_DATE;
  }

  /** A {@code LocalDateTime}: {@code "2024-01-31T10:15:30"}. */
  public static KeyCodec<LocalDateTime> localDateTime() {
    return TextCodecs.LOCAL_DATE_TIME;
  }

  /** A {@code LocalTime}: {@code "10:15:30"}. */
  public static KeyCodec<LocalTime> localTime() {
    return TextCodecs.LOCAL_TIME;
  }

  /** An {@code OffsetDateTime}: {@code "2024-01-31T10:15:30+01:00"}. */
  public static KeyCodec<OffsetDateTime> offsetDateTime() {
    return TextCodecs.OFFSET_DATE_TIME;
  }

  /** An {@code OffsetTime}: {@code "10:15:30+01:00"}. */
  public static KeyCodec<OffsetTime> offsetTime() {
    return TextCodecs.OFFSET_TIME;
  }

  /** A {@code ZonedDateTime}, zone included: {@code "2024-01-31T10:15:30+01:00[Europe/Paris]"}. */
  public static KeyCodec<ZonedDateTime> zonedDateTime() {
    return TextCodecs.ZONED_DATE_TIME;
  }

  /** A {@code Duration}: {@code "PT1H30M"}. */
  public static KeyCodec<Duration> duration() {
    return TextCodecs.DURATION;
  }

  /** A {@code Period}: {@code "P1Y2M3D"}. */
  public static KeyCodec<Period> period() {
    return TextCodecs.PERIOD;
  }

  /** A {@code Year}: {@code "2024"}. */
  public static KeyCodec<Year> year() {
    return TextCodecs.YEAR;
  }

  /** A {@code YearMonth}: {@code "2024-01"}. */
  public static KeyCodec<YearMonth> yearMonth() {
    return TextCodecs.YEAR_MONTH;
  }

  /** A {@code MonthDay}: {@code "--01-31"}. */
  public static KeyCodec<MonthDay> monthDay() {
    return TextCodecs.MONTH_DAY;
  }

  /** A {@code ZoneId}: {@code "Europe/Paris"}, {@code "Z"}. */
  public static KeyCodec<ZoneId> zoneId() {
    return TextCodecs.ZONE_ID;
  }

  /** A {@code ZoneOffset}: {@code "+01:00"}. */
  public static KeyCodec<ZoneOffset> zoneOffset() {
    return TextCodecs.ZONE_OFFSET;
  }

  /**
   * An enum constant by name: {@code "PAID"}. Reads only the names of {@code constants}; pass
   * {@code X.values()}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <E extends Enum<E>> KeyCodec<E> enumOf(Class<E> type, E[] constants) {
    return new EnumCodec<>(type, constants);
  }

  /**
   * An {@code Optional}: its value, or {@code null} when empty (a null reference too).
   *
   * @throws NullPointerException if {@code value} is null
   */
  public static <T> JsonCodec<Optional<T>> optional(JsonCodec<T> value) {
    return new OptionalCodec<>(requireCodec(value));
  }

  /** An {@code OptionalInt}: {@code 42} or {@code null}. */
  public static JsonCodec<OptionalInt> optionalInt() {
    return OptionalCodecs.OPTIONAL_INT;
  }

  /** An {@code OptionalLong}: {@code 42} or {@code null}. */
  public static JsonCodec<OptionalLong> optionalLong() {
    return OptionalCodecs.OPTIONAL_LONG;
  }

  /** An {@code OptionalDouble}: {@code 4.2} or {@code null}. */
  public static JsonCodec<OptionalDouble> optionalDouble() {
    return OptionalCodecs.OPTIONAL_DOUBLE;
  }

  /**
   * A {@code List} as an array; read back unmodifiable, null elements kept.
   *
   * @throws NullPointerException if {@code element} is null
   */
  public static <E> JsonCodec<List<E>> list(JsonCodec<E> element) {
    return new ListCodec<>(requireCodec(element));
  }

  /**
   * A {@code Set} as an array in iteration order; read back unmodifiable in that order.
   *
   * @throws NullPointerException if {@code element} is null
   */
  public static <E> JsonCodec<Set<E>> set(JsonCodec<E> element) {
    return SetCodec.hashed(requireCodec(element));
  }

  /**
   * A {@code SortedSet} as an array; read back unmodifiable in natural order (a comparator is not
   * stored).
   *
   * @throws NullPointerException if {@code element} is null
   */
  public static <E extends Comparable<? super E>> JsonCodec<SortedSet<E>> sortedSet(
      JsonCodec<E> element) {
    return SetCodec.sorted(requireCodec(element), Collections::unmodifiableSortedSet);
  }

  /**
   * A {@code NavigableSet}, as {@link #sortedSet}.
   *
   * @throws NullPointerException if {@code element} is null
   */
  public static <E extends Comparable<? super E>> JsonCodec<NavigableSet<E>> navigableSet(
      JsonCodec<E> element) {
    return SetCodec.sorted(requireCodec(element), Collections::unmodifiableNavigableSet);
  }

  /**
   * A {@code Map} as an object keyed by the keys' text: {@code {"EUR":1250}}; read back
   * unmodifiable in iteration order, null values kept. A null key fails the encode.
   *
   * @throws NullPointerException if a codec is null
   */
  public static <K, V> JsonCodec<Map<K, V>> map(KeyCodec<K> key, JsonCodec<V> value) {
    return MapCodec.hashed(requireCodec(key), requireCodec(value));
  }

  /**
   * A {@code SortedMap}, as {@link #map}; read back in natural key order.
   *
   * @throws NullPointerException if a codec is null
   */
  public static <K extends Comparable<? super K>, V> JsonCodec<SortedMap<K, V>> sortedMap(
      KeyCodec<K> key, JsonCodec<V> value) {
    return MapCodec.sorted(
        requireCodec(key), requireCodec(value), Collections::unmodifiableSortedMap);
  }

  /**
   * A {@code NavigableMap}, as {@link #sortedMap}.
   *
   * @throws NullPointerException if a codec is null
   */
  public static <K extends Comparable<? super K>, V> JsonCodec<NavigableMap<K, V>> navigableMap(
      KeyCodec<K> key, JsonCodec<V> value) {
    return MapCodec.sorted(
        requireCodec(key), requireCodec(value), Collections::unmodifiableNavigableMap);
  }

  /**
   * An array of objects as an array: {@code Codecs.array(itemCodec, Item[]::new)}.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <E> JsonCodec<E[]> array(JsonCodec<E> element, IntFunction<E[]> create) {
    if (create == null) {
      throw new NullPointerException("create");
    }
    return new ArrayCodec<>(requireCodec(element), create);
  }

  /** A {@code boolean[]}: {@code [true,false]}. */
  public static JsonCodec<boolean[]> booleanArray() {
    return PrimitiveArrayCodec.BOOLEANS;
  }

  /** A {@code byte[]} as a base64 string: {@code "AQID"}. */
  public static JsonCodec<byte[]> byteArray() {
    return PrimitiveArrayCodec.BYTES;
  }

  /** A {@code short[]}: {@code [1,2]}. */
  public static JsonCodec<short[]> shortArray() {
    return PrimitiveArrayCodec.SHORTS;
  }

  /** An {@code int[]}: {@code [1,2]}. */
  public static JsonCodec<int[]> intArray() {
    return PrimitiveArrayCodec.INTS;
  }

  /** A {@code long[]}: {@code [1,2]}. */
  public static JsonCodec<long[]> longArray() {
    return PrimitiveArrayCodec.LONGS;
  }

  /** A {@code float[]}: {@code [1.5,"NaN"]}. */
  public static JsonCodec<float[]> floatArray() {
    return PrimitiveArrayCodec.FLOATS;
  }

  /** A {@code double[]}: {@code [1.5,"-Infinity"]}. */
  public static JsonCodec<double[]> doubleArray() {
    return PrimitiveArrayCodec.DOUBLES;
  }

  /** A {@code char[]} as a string: {@code "abc"}. */
  public static JsonCodec<char[]> charArray() {
    return PrimitiveArrayCodec.CHARS;
  }

  /**
   * Starts a record codec (see {@link RecordCodec}); {@code type} names the record in errors.
   *
   * @throws NullPointerException if {@code type} is null
   */
  public static <R> RecordCodec.Builder<R> record(String type) {
    return RecordCodec.builder(type);
  }

  /**
   * Starts the codec of a sealed type (see {@link SealedCodec}): {@code type} names it in errors,
   * {@code discriminator} is the field that carries each subtype's tag.
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> SealedCodec.Builder<T> sealed(String type, String discriminator) {
    return SealedCodec.builder(type, discriminator);
  }

  /**
   * The codec of a type that contains itself: {@code definition} receives the codec to use where
   * the type recurs ({@code self -> Codecs.<Node>record(...).component("children",
   * Codecs.list(self), Node::children)...}). Nesting is bounded when writing as when reading
   * ({@link JsonReader#MAX_DEPTH}).
   *
   * @throws NullPointerException if an argument is null
   */
  public static <T> JsonCodec<T> recursive(
      String type, java.util.function.Function<JsonCodec<T>, JsonCodec<T>> definition) {
    if (type == null || definition == null) {
      throw new NullPointerException("recursive(" + type + ", " + definition + ")");
    }
    return new RecursiveCodec<>(type, definition);
  }

  private static <C> C requireCodec(C codec) {
    if (codec == null) {
      throw new NullPointerException("codec");
    }
    return codec;
  }

  /**
   * The codecs of {@code OptionalInt}, {@code OptionalLong} and {@code OptionalDouble}, created
   * when the first of them is asked for: as fields of {@code Codecs} they made every task's first
   * use of any codec build the integral and floating codecs and their lambdas.
   */
  private static final class OptionalCodecs {
    static final JsonCodec<OptionalInt> OPTIONAL_INT =
        new MappedCodec<>(
            IntegralCodec.INT_BOX,
            o -> o.isPresent() ? o.getAsInt() : null,
            v -> v == null ? OptionalInt.empty() : OptionalInt.of(v),
            OptionalInt.empty());
    static final JsonCodec<OptionalLong> OPTIONAL_LONG =
        new MappedCodec<>(
            IntegralCodec.LONG_BOX,
            o -> o.isPresent() ? o.getAsLong() : null,
            v -> v == null ? OptionalLong.empty() : OptionalLong.of(v),
            OptionalLong.empty());
    static final JsonCodec<OptionalDouble> OPTIONAL_DOUBLE =
        new MappedCodec<>(
            FloatingCodec.DOUBLE_BOX,
            o -> o.isPresent() ? o.getAsDouble() : null,
            v -> v == null ? OptionalDouble.empty() : OptionalDouble.of(v),
            OptionalDouble.empty());
  }

  /**
   * The codecs of text values, created when the first of them is asked for: a task that returns a
   * {@code String} loads none of them (they are dozens of classes and lambdas at start-up).
   */
  private static final class TextCodecs {
    static final KeyCodec<UUID> UUID_CODEC =
        new TextCodec<UUID>(
            "a UUID (0f8fad5b-d9cb-469f-a165-70867728950e)",
            UUID::toString,
            text -> text.length() == 36 ? UUID.fromString(text) : null);
    static final KeyCodec<BigDecimal> BIG_DECIMAL =
        new TextCodec<>(
            "a decimal number as a string (\"12.50\")", BigDecimal::toString, BigDecimal::new);
    static final KeyCodec<BigInteger> BIG_INTEGER =
        new TextCodec<>("an integer as a string (\"12\")", BigInteger::toString, BigInteger::new);
    static final KeyCodec<Instant> INSTANT =
        new TextCodec<>(
            "an ISO-8601 instant (2024-01-31T10:15:30Z)", Instant::toString, Instant::parse);
    static final KeyCodec<LocalDate> LOCAL_DATE =
        new TextCodec<>("an ISO-8601 date (2024-01-31)", LocalDate::toString, LocalDate::parse);
    static final KeyCodec<LocalDateTime> LOCAL_DATE_TIME =
        new TextCodec<>(
            "an ISO-8601 local date-time (2024-01-31T10:15:30)",
            LocalDateTime::toString,
            LocalDateTime::parse);
    static final KeyCodec<LocalTime> LOCAL_TIME =
        new TextCodec<>("an ISO-8601 local time (10:15:30)", LocalTime::toString, LocalTime::parse);
    static final KeyCodec<OffsetDateTime> OFFSET_DATE_TIME =
        new TextCodec<>(
            "an ISO-8601 offset date-time (2024-01-31T10:15:30+01:00)",
            OffsetDateTime::toString,
            OffsetDateTime::parse);
    static final KeyCodec<OffsetTime> OFFSET_TIME =
        new TextCodec<>(
            "an ISO-8601 offset time (10:15:30+01:00)", OffsetTime::toString, OffsetTime::parse);
    static final KeyCodec<ZonedDateTime> ZONED_DATE_TIME =
        new TextCodec<>(
            "an ISO-8601 zoned date-time (2024-01-31T10:15:30+01:00[Europe/Paris])",
            ZonedDateTime::toString,
            ZonedDateTime::parse);
    static final KeyCodec<Duration> DURATION =
        new TextCodec<>("an ISO-8601 duration (PT1H30M)", Duration::toString, Duration::parse);
    static final KeyCodec<Period> PERIOD =
        new TextCodec<>("an ISO-8601 period (P1Y2M3D)", Period::toString, Period::parse);
    // Year.parse wants a sign on years past 9999, which Year.toString does not write.
    static final KeyCodec<Year> YEAR =
        new TextCodec<>("a year (2024)", Year::toString, text -> Year.of(Integer.parseInt(text)));
    static final KeyCodec<YearMonth> YEAR_MONTH =
        new TextCodec<>("an ISO-8601 year-month (2024-01)", YearMonth::toString, YearMonth::parse);
    static final KeyCodec<MonthDay> MONTH_DAY =
        new TextCodec<>("an ISO-8601 month-day (--01-31)", MonthDay::toString, MonthDay::parse);
    static final KeyCodec<ZoneId> ZONE_ID =
        new TextCodec<>("a time-zone id (Europe/Paris)", ZoneId::toString, ZoneId::of);
    static final KeyCodec<ZoneOffset> ZONE_OFFSET =
        new TextCodec<>("a zone offset (+01:00)", ZoneOffset::toString, ZoneOffset::of);
  }
}
