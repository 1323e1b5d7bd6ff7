package dev.idempotent4j.runtime.codec;

import java.util.Optional;

/**
 * An {@code Optional} as its value, or {@code null} when empty. A {@code null} Optional reference
 * is also written as {@code null}, and so comes back as {@code Optional.empty()}.
 */
final class OptionalCodec<T> extends JsonCodec<Optional<T>> {

  private final JsonCodec<T> value;

  OptionalCodec(JsonCodec<T> value) {
    super(value.expected() + " or null", true);
    this.value = value;
  }

  @Override
  Optional<T> absent() {
    return Optional.empty();
  }

  @Override
  void writeValue(JsonWriter out, Optional<T> optional) {
    if (optional.isPresent()) {
      value.write(out, optional.get());
    } else {
      out.nullValue();
    }
  }

  @Override
  Optional<T> readValue(JsonReader in) {
    return Optional.of(value.read(in));
  }
}
