package dev.idempotent4j.runtime.codec;

/**
 * A codec whose values also have a text form that can be a JSON object key, so that they can key a
 * map: strings, enums, integers, {@code UUID}, {@code BigInteger}/{@code BigDecimal} and the {@code
 * java.time} values. Get instances from {@link Codecs}.
 *
 * <pre>{@code
 * Codecs.map(Codecs.enumOf(Currency.class, Currency.values()), Codecs.longValue())
 *     .encode(Map.of(Currency.EUR, 1250L));   // {"EUR":1250}
 * }</pre>
 *
 * @param <T> the type of the keys
 */
public abstract class KeyCodec<T> extends JsonCodec<T> {

  KeyCodec(String expected, boolean nullable) {
    super(expected, nullable);
  }

  abstract String toKey(T value);

  /** The key's value; {@code in} is positioned after the key, for the error's path. */
  abstract T fromKey(String key, JsonReader in);
}
