package dev.idempotent4j.runtime.spi;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalAmount;
import java.util.UUID;

/**
 * Writes the canonical, escaped text of a key (or fingerprint) from the parts of a template. Used
 * by the code the processor generates; not meant for application code.
 *
 * <p>Why escaping: for {@code key = "{a}:{b}"}, the tuples {@code ("x:y", "z")} and {@code ("x",
 * "y:z")} must give different keys. Every value is percent-encoded for {@code %} and for each
 * separator character that occurs in the template's literal text, so a value can never forge a
 * separator: {@code x%3Ay:z} and {@code x:y%3Az}. Together with the processor's rule that two
 * placeholders are always separated by a non-alphanumeric literal, this makes the text injective.
 *
 * <pre>{@code
 * static final KeyBuilder.Escapes ESCAPES = KeyBuilder.Escapes.of(":");
 * String key = new KeyBuilder(ESCAPES).literal("charge:").number(order.id()).build();
 * }</pre>
 *
 * <p>Lone surrogates: a {@code char} from U+D800 to U+DFFF that is not half of a surrogate pair has
 * no UTF-8 form (the Redis client and SHA-256 input would both turn it into {@code ?}), so it is
 * always written {@code %u} and four upper-case hex digits: {@code "a\ud800"} gives {@code
 * a%uD800}. {@code %} followed by {@code u} is never a percent-encoded byte, so this stays
 * injective, and every key is valid Unicode.
 *
 * <p>Canonical text per type: integers and decimals in plain decimal ({@code 1E+3} is written
 * {@code 1000}; {@code 1.0} and {@code 1.00} stay apart, as their scales differ), except where the
 * plain form would pad more than {@value #MAX_PADDING} zeros: then an integer is written as its
 * digits without trailing zeros, {@code E+} and their count ({@code 1e999999999} is {@code
 * 1E+999999999}) and a fraction as its unscaled digits, {@code E-} and its scale ({@code
 * 1.50e-999999999} is {@code 150E-1000000001}). Plain text never holds an {@code E}, so both forms
 * stay apart and the text is short for any exponent. A {@code BigInteger} or {@code BigDecimal} of
 * more than {@value #MAX_BITS} bits (about {@code 10,000} digits) cannot be keyed: {@link
 * UnkeyableValueException}, which the engine reports as {@code KeyDerivationException}. Booleans as
 * {@code true}/{@code false}, enums by {@link Enum#name()}, {@code UUID} and {@code java.time}
 * values in their ISO form.
 */
public final class KeyBuilder {

  /** Text that no escaped value can produce ({@code %} is always escaped), used for null. */
  private static final String NULL_MARKER = "%null";

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** The most zeros a number's plain text pads with; beyond, it is written with an exponent. */
  static final int MAX_PADDING = 1_000;

  /** The largest {@code BigInteger} (or unscaled {@code BigDecimal}) keyed: 10,000 digits. */
  static final int MAX_BITS = 33_219;

  private final Escapes escapes;
  private final StringBuilder text;

  public KeyBuilder(Escapes escapes) {
    this(escapes, 64);
  }

  public KeyBuilder(Escapes escapes, int expectedLength) {
    this.escapes = escapes;
    this.text = new StringBuilder(expectedLength);
  }

  /** Appends template text as it is, unescaped. */
  public KeyBuilder literal(String literal) {
    text.append(literal);
    return this;
  }

  /** Appends a text value, escaped. */
  public KeyBuilder text(CharSequence value) {
    text.append(text(escapes, value));
    return this;
  }

  public KeyBuilder number(long value) {
    text.append(number(escapes, value));
    return this;
  }

  public KeyBuilder number(double value) {
    text.append(number(escapes, value));
    return this;
  }

  public KeyBuilder number(float value) {
    text.append(number(escapes, value));
    return this;
  }

  public KeyBuilder number(BigDecimal value) {
    text.append(number(escapes, value));
    return this;
  }

  public KeyBuilder number(BigInteger value) {
    text.append(number(escapes, value));
    return this;
  }

  public KeyBuilder bool(boolean value) {
    text.append(value);
    return this;
  }

  public KeyBuilder character(char value) {
    text.append(character(escapes, value));
    return this;
  }

  public KeyBuilder enumName(Enum<?> value) {
    text.append(enumName(escapes, value));
    return this;
  }

  public KeyBuilder uuid(UUID value) {
    text.append(uuid(escapes, value));
    return this;
  }

  /** {@code java.time} dates, times and instants: their {@code toString()} is ISO-8601. */
  public KeyBuilder temporal(TemporalAccessor value) {
    text.append(temporal(escapes, value));
    return this;
  }

  /** {@code Duration} and {@code Period}: their {@code toString()} is ISO-8601. */
  public KeyBuilder amount(TemporalAmount value) {
    text.append(amount(escapes, value));
    return this;
  }

  /**
   * A value of a type that declares its own {@code toString()} (checked by the processor), such as
   * a value class {@code OrderId}.
   */
  public KeyBuilder string(Object value) {
    text.append(string(escapes, value));
    return this;
  }

  // The canonical, escaped text of one value, as a String. Generated key derivers join these with
  // the template's literals in one string concatenation (one allocation on the hot path); a value
  // that needs no escape is returned as it is.

  /** The escaped text of {@code value}: {@code value} itself when nothing needs escaping. */
  public static String text(Escapes escapes, CharSequence value) {
    return escapes.escape(value);
  }

  public static String number(Escapes escapes, long value) {
    return escapes.escape(Long.toString(value));
  }

  public static String number(Escapes escapes, double value) {
    return escapes.escape(
        Double.isFinite(value) ? BigDecimal.valueOf(value).toPlainString() : "" + value);
  }

  public static String number(Escapes escapes, float value) {
    return escapes.escape(
        Float.isFinite(value) ? new BigDecimal(Float.toString(value)).toPlainString() : "" + value);
  }

  public static String number(Escapes escapes, BigDecimal value) {
    return escapes.escape(canonical(value));
  }

  public static String number(Escapes escapes, BigInteger value) {
    if (value.bitLength() > MAX_BITS) {
      throw numberTooLong("BigInteger", value.bitLength());
    }
    return escapes.escape(value.toString());
  }

  /** See the class comment: plain text, or an exponent form when plain would pad too much. */
  private static String canonical(BigDecimal value) {
    BigInteger unscaled = value.unscaledValue();
    if (unscaled.bitLength() > MAX_BITS) {
      throw numberTooLong("BigDecimal", unscaled.bitLength());
    }
    long scale = value.scale();
    if (scale <= 0) {
      // an integer: equal values must give equal text (1E+3 and 1000), so decide on the value
      if (unscaled.signum() == 0) {
        return "0";
      }
      if (-scale > MAX_PADDING) {
        String digits = unscaled.toString();
        int end = digits.length();
        while (digits.charAt(end - 1) == '0') {
          end--;
        }
        return digits.substring(0, end) + "E+" + (digits.length() - end - scale);
      }
      String plain = value.toPlainString();
      int end = plain.length();
      while (plain.charAt(end - 1) == '0') {
        end--;
      }
      int zeros = plain.length() - end;
      return zeros > MAX_PADDING ? plain.substring(0, end) + "E+" + zeros : plain;
    }
    // a fraction: its scale is part of its identity (1.0 is not 1.00)
    if (scale - value.precision() > MAX_PADDING) {
      return unscaled + "E-" + scale;
    }
    return value.toPlainString();
  }

  /** {@code true} or {@code false}: letters only, never escaped. */
  public static String bool(Escapes escapes, boolean value) {
    return value ? "true" : "false";
  }

  public static String character(Escapes escapes, char value) {
    return escapes.escape(String.valueOf(value));
  }

  public static String enumName(Escapes escapes, Enum<?> value) {
    return escapes.escape(value.name());
  }

  public static String uuid(Escapes escapes, UUID value) {
    return escapes.escape(value.toString());
  }

  public static String temporal(Escapes escapes, TemporalAccessor value) {
    return escapes.escape(value.toString());
  }

  public static String amount(Escapes escapes, TemporalAmount value) {
    return escapes.escape(value.toString());
  }

  public static String string(Escapes escapes, Object value) {
    return escapes.escape(value.toString());
  }

  /** A null in a fingerprint (keys never contain null: a null there fails the call). */
  public KeyBuilder nullValue() {
    text.append(NULL_MARKER);
    return this;
  }

  public String build() {
    return text.toString();
  }

  @Override
  public String toString() {
    return text.toString();
  }

  /**
   * The set of characters a template's values must escape, computed once per template by generated
   * code.
   */
  public static final class Escapes {
    private final long asciiLow;
    private final long asciiHigh;
    private final String nonAscii;

    private Escapes(long asciiLow, long asciiHigh, String nonAscii) {
      this.asciiLow = asciiLow;
      this.asciiHigh = asciiHigh;
      this.nonAscii = nonAscii;
    }

    /**
     * The escapes for a template whose literal text contains {@code separators}; {@code %} is
     * always escaped. Letters and digits in {@code separators} are ignored: a value may contain
     * them freely because placeholders are always separated by at least one other character.
     */
    public static Escapes of(String separators) {
      long low = 1L << '%';
      long high = 0;
      StringBuilder other = new StringBuilder();
      for (int i = 0; i < separators.length(); ) {
        int c = separators.codePointAt(i);
        i += Character.charCount(c);
        if (Character.isLetterOrDigit(c)) {
          continue;
        }
        if (c < 64) {
          low |= 1L << c;
        } else if (c < 128) {
          high |= 1L << (c - 64);
        } else if (c > Character.MAX_VALUE || !Character.isSurrogate((char) c)) {
          // whole code points; a lone surrogate needs no entry, it is always escaped
          String separator = new String(Character.toChars(c));
          if (other.indexOf(separator) < 0) {
            other.append(separator);
          }
        }
      }
      return new Escapes(low, high, other.toString());
    }

    /** Whether {@code c} is escaped, or (a surrogate) may be: {@link #appendEscaped} decides. */
    boolean mustEscape(char c) {
      if (c < 64) {
        return (asciiLow & (1L << c)) != 0;
      }
      if (c < 128) {
        return (asciiHigh & (1L << (c - 64))) != 0;
      }
      return Character.isSurrogate(c) || (!nonAscii.isEmpty() && nonAscii.indexOf(c) >= 0);
    }

    /** {@code value} escaped: the same String when no character of it needs escaping. */
    String escape(CharSequence value) {
      if (value instanceof String string && isClean(string)) {
        return string; // the common case, on the hot path of every call
      }
      StringBuilder out = new StringBuilder(value.length() + 8);
      appendEscaped(out, value);
      return out.toString();
    }

    /**
     * Whether no character of {@code value} needs escaping. A loop over a String's own {@code
     * charAt} compiles to a tight scan; through {@code CharSequence} it costs about twice as much,
     * and one {@code indexOf} per escaped character three times as much (12-char ids, JDK 17).
     */
    private boolean isClean(String value) {
      for (int i = 0, length = value.length(); i < length; i++) {
        if (mustEscape(value.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    void appendEscaped(StringBuilder out, CharSequence value) {
      int length = value.length();
      int clean = 0;
      while (clean < length && !mustEscape(value.charAt(clean))) {
        clean++;
      }
      // Most values need no escape at all: append them in bulk.
      out.append(value, 0, clean);
      for (int i = clean; i < length; i++) {
        char c = value.charAt(i);
        if (!mustEscape(c)) {
          out.append(c);
        } else if (c < 128) {
          appendPercent(out, c);
        } else if (!Character.isSurrogate(c)) {
          appendUtf8(out, String.valueOf(c));
        } else if (Character.isHighSurrogate(c)
            && i + 1 < length
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          String pair = value.subSequence(i, i + 2).toString();
          i++;
          if (nonAscii.contains(pair)) {
            appendUtf8(out, pair); // a separator outside the basic plane
          } else {
            out.append(pair);
          }
        } else {
          // a lone surrogate: no UTF-8 form, so its own escape (see the class comment)
          out.append("%u")
              .append(HEX[c >>> 12])
              .append(HEX[(c >>> 8) & 0xF])
              .append(HEX[(c >>> 4) & 0xF])
              .append(HEX[c & 0xF]);
        }
      }
    }

    private static void appendUtf8(StringBuilder out, String codePoint) {
      for (byte b : codePoint.getBytes(StandardCharsets.UTF_8)) {
        appendPercent(out, b & 0xFF);
      }
    }

    private static void appendPercent(StringBuilder out, int b) {
      out.append('%').append(HEX[b >>> 4]).append(HEX[b & 0xF]);
    }
  }

  private static UnkeyableValueException numberTooLong(String type, int bits) {
    return new UnkeyableValueException(
        "Cannot key a "
            + type
            + " of "
            + bits
            + " bits: keys and fingerprints take numbers of at most "
            + MAX_BITS
            + " bits (10,000 digits). Key on something shorter that identifies the request"
            + " (an id, or a hash of the number).");
  }
}
