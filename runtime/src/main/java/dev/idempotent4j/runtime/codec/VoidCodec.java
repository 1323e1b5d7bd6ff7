package dev.idempotent4j.runtime.codec;

/** The result of a {@code void} task: always {@code null}. */
final class VoidCodec extends JsonCodec<Void> {

  static final VoidCodec INSTANCE = new VoidCodec();

  private VoidCodec() {
    super("null (the task returns void)", true);
  }

  @Override
  void writeValue(JsonWriter out, Void value) {
    out.nullValue();
  }

  @Override
  Void readValue(JsonReader in) {
    throw in.expected(expected());
  }
}
