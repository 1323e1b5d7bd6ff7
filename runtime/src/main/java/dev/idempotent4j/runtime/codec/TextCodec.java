package dev.idempotent4j.runtime.codec;

import java.util.function.Function;

/**
 * A value whose exact text form is a JSON string: {@code UUID}, {@code BigDecimal}, {@code
 * BigInteger} and the {@code java.time} values in ISO-8601. Parsing failures become messages that
 * show the expected form.
 */
final class TextCodec<T> extends KeyCodec<T> {

  /** Longest text parsed; bounds the cost of a hostile {@code BigInteger} of a million digits. */
  static final int MAX_TEXT_LENGTH = 10_000;

  private final Function<? super T, String> format;
  private final Function<String, ? extends T> parse;

  TextCodec(
      String expected, Function<? super T, String> format, Function<String, ? extends T> parse) {
    super(expected, true);
    this.format = format;
    this.parse = parse;
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    out.value(format.apply(value));
  }

  @Override
  T readValue(JsonReader in) {
    return fromText(in.nextString(expected()), in, "");
  }

  @Override
  String toKey(T value) {
    return format.apply(value);
  }

  @Override
  T fromKey(String key, JsonReader in) {
    return fromText(key, in, "a key that is ");
  }

  private T fromText(String text, JsonReader in, String prefix) {
    if (text.length() <= MAX_TEXT_LENGTH) {
      try {
        T value = parse.apply(text);
        if (value != null) {
          return value;
        }
      } catch (RuntimeException e) {
        // DateTimeException, NumberFormatException, ArithmeticException...: all mean bad text.
      }
    }
    throw in.error("expected " + prefix + expected() + ", found " + JsonReader.quote(text));
  }
}
