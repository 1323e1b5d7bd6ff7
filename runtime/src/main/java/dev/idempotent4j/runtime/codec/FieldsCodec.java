package dev.idempotent4j.runtime.codec;

/**
 * A codec whose values are JSON objects, able to write and read the fields without the braces, so
 * that {@link SealedCodec} can put its discriminator in the same object: {@code
 * {"type":"Card","last4":"4242"}}.
 *
 * @param <T> the type of the values
 */
interface FieldsCodec<T> {

  /** Writes the fields of {@code value} (not null) into the object that is open. */
  void writeFields(JsonWriter out, T value);

  /** Reads the remaining fields of the object that is open, and its end. */
  T readFields(JsonReader in);
}
