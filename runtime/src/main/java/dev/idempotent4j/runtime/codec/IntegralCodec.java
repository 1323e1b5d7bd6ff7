package dev.idempotent4j.runtime.codec;

import java.util.function.LongFunction;

/**
 * {@code byte}, {@code short}, {@code int} and {@code long} as JSON integers, range-checked on read
 * ({@code 300} is not a byte, {@code 1.5} not an int); as map keys, their decimal text.
 */
final class IntegralCodec<T extends Number> extends KeyCodec<T> {

  static final IntegralCodec<Byte> BYTE =
      new IntegralCodec<>("byte", Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v, false);
  static final IntegralCodec<Byte> BYTE_BOX =
      new IntegralCodec<>("byte", Byte.MIN_VALUE, Byte.MAX_VALUE, v -> (byte) v, true);
  static final IntegralCodec<Short> SHORT =
      new IntegralCodec<>("short", Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v, false);
  static final IntegralCodec<Short> SHORT_BOX =
      new IntegralCodec<>("short", Short.MIN_VALUE, Short.MAX_VALUE, v -> (short) v, true);
  static final IntegralCodec<Integer> INT =
      new IntegralCodec<>("int", Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v, false);
  static final IntegralCodec<Integer> INT_BOX =
      new IntegralCodec<>("int", Integer.MIN_VALUE, Integer.MAX_VALUE, v -> (int) v, true);
  static final IntegralCodec<Long> LONG =
      new IntegralCodec<>("long", Long.MIN_VALUE, Long.MAX_VALUE, v -> v, false);
  static final IntegralCodec<Long> LONG_BOX =
      new IntegralCodec<>("long", Long.MIN_VALUE, Long.MAX_VALUE, v -> v, true);

  private final long min;
  private final long max;
  private final LongFunction<T> box;

  private IntegralCodec(String type, long min, long max, LongFunction<T> box, boolean nullable) {
    super(description(type, min, max), nullable);
    this.min = min;
    this.max = max;
    this.box = box;
  }

  static String description(String type, long min, long max) {
    return "an integer from " + min + " to " + max + " (" + type + ")";
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    out.value(value.longValue());
  }

  @Override
  T readValue(JsonReader in) {
    return box.apply(in.nextLong(min, max, expected()));
  }

  @Override
  String toKey(T value) {
    return Long.toString(value.longValue());
  }

  @Override
  T fromKey(String key, JsonReader in) {
    long value;
    try {
      value = Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw in.error("expected a key that is " + expected() + ", found " + JsonReader.quote(key));
    }
    // Only the canonical text: "007" and "+7" would alias the key "7".
    if (value < min || value > max || !Long.toString(value).equals(key)) {
      throw in.error("expected a key that is " + expected() + ", found " + JsonReader.quote(key));
    }
    return box.apply(value);
  }
}
