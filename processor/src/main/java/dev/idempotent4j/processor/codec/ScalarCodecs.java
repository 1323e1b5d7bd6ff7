package dev.idempotent4j.processor.codec;

import java.util.Map;
import java.util.Set;

/**
 * The types with a ready-made codec in the runtime's {@code Codecs}, and which of them can key a
 * map (JSON object keys are text).
 *
 * <pre>{@code
 * ScalarCodecs.codecMethod("java.util.UUID");     // "uuid": Codecs.uuid()
 * ScalarCodecs.canKeyAMap("java.lang.Boolean");   // false
 * }</pre>
 */
final class ScalarCodecs {

  /** Types with a ready-made codec, by qualified name, to the {@code Codecs} method. */
  private static final Map<String, String> SCALARS =
      Map.ofEntries(
          Map.entry("java.lang.Void", "voidResult"),
          Map.entry("java.lang.Boolean", "booleanBox"),
          Map.entry("java.lang.Byte", "byteBox"),
          Map.entry("java.lang.Short", "shortBox"),
          Map.entry("java.lang.Integer", "intBox"),
          Map.entry("java.lang.Long", "longBox"),
          Map.entry("java.lang.Float", "floatBox"),
          Map.entry("java.lang.Double", "doubleBox"),
          Map.entry("java.lang.Character", "charBox"),
          Map.entry("java.lang.String", "string"),
          Map.entry("java.util.UUID", "uuid"),
          Map.entry("java.math.BigDecimal", "bigDecimal"),
          Map.entry("java.math.BigInteger", "bigInteger"),
          Map.entry("java.time.Instant", "instant"),
          Map.entry("java.time.LocalDate", "localDate"),
          Map.entry("java.time.LocalDateTime", "localDateTime"),
          Map.entry("java.time.LocalTime", "localTime"),
          Map.entry("java.time.OffsetDateTime", "offsetDateTime"),
          Map.entry("java.time.OffsetTime", "offsetTime"),
          Map.entry("java.time.ZonedDateTime", "zonedDateTime"),
          Map.entry("java.time.Duration", "duration"),
          Map.entry("java.time.Period", "period"),
          Map.entry("java.time.Year", "year"),
          Map.entry("java.time.YearMonth", "yearMonth"),
          Map.entry("java.time.MonthDay", "monthDay"),
          Map.entry("java.time.ZoneId", "zoneId"),
          Map.entry("java.time.ZoneOffset", "zoneOffset"),
          Map.entry("java.util.OptionalInt", "optionalInt"),
          Map.entry("java.util.OptionalLong", "optionalLong"),
          Map.entry("java.util.OptionalDouble", "optionalDouble"));

  /** Scalars whose codec can key a map (a {@code KeyCodec}): text-valued and integral. */
  private static final Set<String> KEY_SCALARS =
      Set.of(
          "java.lang.Byte",
          "java.lang.Short",
          "java.lang.Integer",
          "java.lang.Long",
          "java.lang.String",
          "java.util.UUID",
          "java.math.BigDecimal",
          "java.math.BigInteger",
          "java.time.Instant",
          "java.time.LocalDate",
          "java.time.LocalDateTime",
          "java.time.LocalTime",
          "java.time.OffsetDateTime",
          "java.time.OffsetTime",
          "java.time.ZonedDateTime",
          "java.time.Duration",
          "java.time.Period",
          "java.time.Year",
          "java.time.YearMonth",
          "java.time.MonthDay",
          "java.time.ZoneId",
          "java.time.ZoneOffset");

  private ScalarCodecs() {}

  /** The {@code Codecs} method of the type named {@code qualifiedName}, or {@code null}. */
  static String codecMethod(String qualifiedName) {
    return SCALARS.get(qualifiedName);
  }

  /** Whether the type named {@code qualifiedName} has a codec that can key a map. */
  static boolean canKeyAMap(String qualifiedName) {
    return KEY_SCALARS.contains(qualifiedName);
  }
}
