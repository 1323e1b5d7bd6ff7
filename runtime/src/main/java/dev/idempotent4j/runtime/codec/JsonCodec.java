package dev.idempotent4j.runtime.codec;

import dev.idempotent4j.runtime.spi.ResultCodec;
import java.util.Objects;

/**
 * A {@link ResultCodec} that writes and reads one JSON value, so that codecs nest: a list codec
 * holds its element codec, a record codec its components' codecs. Get instances from {@link
 * Codecs}; {@code null} is written as {@code null} and read back as {@code null}, except by the
 * codecs of primitive types, which reject it.
 *
 * <pre>{@code
 * JsonCodec<List<UUID>> codec = Codecs.list(Codecs.uuid());
 * String json = codec.encode(List.of(id));   // ["0f8fad5b-d9cb-469f-a165-70867728950e"]
 * List<UUID> back = codec.decode(json);      // immutable
 * }</pre>
 *
 * @param <T> the type of the values
 */
public abstract class JsonCodec<T> implements ResultCodec<T> {

  private final String expected;
  private final boolean nullable;
  // Buffer size for the next encode: the last text's length plus a margin. Racy on purpose: any
  // value is correct, a stale one only costs a buffer resize.
  private int sizeHint = 16;

  JsonCodec(String expected, boolean nullable) {
    this.expected = expected;
    this.nullable = nullable;
  }

  /**
   * The compact JSON text of {@code value}.
   *
   * @throws IllegalArgumentException if the value holds something JSON text cannot carry (a {@code
   *     null} map key)
   */
  @Override
  public final String encode(T value) {
    JsonWriter out = new JsonWriter(new StringBuilder(sizeHint));
    write(out, value);
    String json = out.toString();
    sizeHint = Math.min(json.length() + (json.length() >> 3) + 16, 1 << 16);
    return json;
  }

  /**
   * The value that {@link #encode} wrote: collections unmodifiable, arrays fresh.
   *
   * @throws IllegalArgumentException if {@code json} is not such text; the message starts with the
   *     JSON path of the bad value and says what was expected there
   * @throws NullPointerException if {@code json} is null
   */
  @Override
  public final T decode(String json) {
    JsonReader in = new JsonReader(Objects.requireNonNull(json, "json"));
    T value = read(in);
    in.endOfInput();
    return value;
  }

  /** Writes {@code value}, or {@code null}, as the next JSON value. */
  public final void write(JsonWriter out, T value) {
    if (value == null) {
      out.nullValue();
    } else {
      writeValue(out, value);
    }
  }

  /**
   * Reads the next JSON value.
   *
   * @throws IllegalArgumentException if it is not a value of this codec
   */
  public final T read(JsonReader in) {
    if (in.peekNull()) {
      if (!nullable) {
        throw in.expected(expected);
      }
      in.nextNull();
      return absent();
    }
    return readValue(in);
  }

  /** What this codec reads, for messages: {@code "an integer from -128 to 127"}. */
  final String expected() {
    return expected;
  }

  /** The value that JSON {@code null} stands for: {@code null}, or {@code Optional.empty()}. */
  T absent() {
    return null;
  }

  abstract void writeValue(JsonWriter out, T value);

  abstract T readValue(JsonReader in);
}
