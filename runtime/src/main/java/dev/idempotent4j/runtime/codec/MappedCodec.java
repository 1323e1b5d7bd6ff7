package dev.idempotent4j.runtime.codec;

import java.util.function.Function;

/**
 * A value stored through another codec's form, e.g. {@code OptionalInt} through a nullable {@code
 * Integer}; {@code null} in the text maps to {@code absent}.
 */
final class MappedCodec<T, U> extends JsonCodec<T> {

  private final JsonCodec<U> form;
  private final Function<? super T, ? extends U> toForm;
  private final Function<? super U, ? extends T> fromForm;
  private final T absent;

  MappedCodec(
      JsonCodec<U> form,
      Function<? super T, ? extends U> toForm,
      Function<? super U, ? extends T> fromForm,
      T absent) {
    super(form.expected() + " or null", true);
    this.form = form;
    this.toForm = toForm;
    this.fromForm = fromForm;
    this.absent = absent;
  }

  @Override
  T absent() {
    return absent;
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    form.write(out, toForm.apply(value));
  }

  @Override
  T readValue(JsonReader in) {
    return fromForm.apply(form.read(in));
  }
}
