package dev.idempotent4j;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The duration syntax of {@link IdempotentTask} attributes and of configuration values, in one
 * place so that the processor (compile time) and the runtime (configuration) accept exactly the
 * same texts.
 *
 * <pre>{@code
 * Durations.parse("500ms");  // PT0.5S
 * Durations.parse("24h");    // PT24H
 * Durations.parse("PT24H");  // ISO-8601 is accepted too
 * }</pre>
 */
public final class Durations {

  /**
   * The longest {@code ttl}: a year. Redis keeps the record (and its fence a day longer) that long;
   * an outcome that must be remembered longer belongs in the application's own database.
   */
  public static final Duration MAX_TTL = Duration.ofDays(365);

  /**
   * The longest {@code lease}: a day. A claim is renewed while its method runs, so the lease only
   * bounds how long a dead worker's key stays blocked; seconds to minutes are enough.
   */
  public static final Duration MAX_LEASE = Duration.ofDays(1);

  /** The longest {@code waitTimeout}: a day, which no caller should spend waiting on one call. */
  public static final Duration MAX_WAIT_TIMEOUT = Duration.ofDays(1);

  /**
   * The longest {@code maxRunTime}: a year, like {@link #MAX_TTL}. A task that may run longer is a
   * job for a scheduler, not a claim that Redis holds.
   */
  public static final Duration MAX_RUN_TIME = Duration.ofDays(365);

  private Durations() {}

  /**
   * {@code value} if it is within the bound of task attribute {@code attribute} ({@code ttl},
   * {@code lease}, {@code waitTimeout} or {@code maxRunTime}; {@link #MAX_TTL}, {@link #MAX_LEASE},
   * {@link #MAX_WAIT_TIMEOUT}, {@link #MAX_RUN_TIME}). The bounds keep every time the engine and
   * Redis compute from them (lease ends in nanoseconds, expiries in milliseconds since the epoch)
   * far from overflow.
   *
   * @throws IllegalArgumentException if it is longer; the message starts with "it is longer than",
   *     names the bound and says why, for callers to put behind what they checked
   */
  public static Duration bounded(String attribute, Duration value) {
    Duration max;
    String why;
    switch (attribute) {
      case "ttl" -> {
        max = MAX_TTL;
        why =
            "Redis would keep the record that long; remember longer-lived outcomes in your own"
                + " database";
      }
      case "lease" -> {
        max = MAX_LEASE;
        why =
            "a claim is renewed while its method runs, so the lease only bounds how long a dead"
                + " worker blocks its key; seconds to minutes are enough";
      }
      case "waitTimeout" -> {
        max = MAX_WAIT_TIMEOUT;
        why = "no caller should wait that long for one call";
      }
      case "maxRunTime" -> {
        max = MAX_RUN_TIME;
        why = "a task that runs longer belongs to a scheduler, not to a claim held in the store";
      }
      default ->
          throw new IllegalArgumentException("'" + attribute + "' is not a duration attribute");
    }
    if (value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "it is longer than "
              + max.toDays()
              + "d, the longest "
              + attribute
              + " ("
              + why
              + "). Write at most "
              + max.toDays()
              + "d.");
    }
    return value;
  }

  /**
   * Parses {@code <digits><unit>} with unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code
   * d}, or an ISO-8601 duration such as {@code PT1M30S}.
   *
   * @throws IllegalArgumentException if the text is neither form, or is negative or zero; the
   *     message quotes the text and lists the accepted forms
   */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    String trimmed = text.strip();
    Duration parsed;
    if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
      try {
        parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(text, "it is not an ISO-8601 duration");
      }
    } else {
      parsed = parseShortForm(text, trimmed);
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw invalid(text, "it must be longer than zero");
    }
    return parsed;
  }

  private static Duration parseShortForm(String original, String text) {
    int unitStart = 0;
    while (unitStart < text.length() && Character.isDigit(text.charAt(unitStart))) {
      unitStart++;
    }
    if (unitStart == 0) {
      throw invalid(original, "it does not start with a number");
    }
    if (unitStart > 15) {
      throw invalid(original, "the number is too large");
    }
    long amount = Long.parseLong(text.substring(0, unitStart));
    String unit = text.substring(unitStart).toLowerCase(Locale.ROOT);
    try {
      return shortForm(original, amount, unit);
    } catch (ArithmeticException e) {
      throw invalid(original, "the number is too large"); // past Long.MAX_VALUE seconds
    }
  }

  private static Duration shortForm(String original, long amount, String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      case "" -> throw invalid(original, "it has no unit");
      default -> throw invalid(original, "'" + unit + "' is not a unit");
    };
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException(
        "'"
            + text
            + "' is not a duration: "
            + why
            + ". Write a number and a unit (500ms, 30s, 5m, 24h, 7d) or ISO-8601 (PT24H).");
  }
}
