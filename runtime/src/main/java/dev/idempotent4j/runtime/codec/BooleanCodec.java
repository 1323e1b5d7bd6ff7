package dev.idempotent4j.runtime.codec;

/** {@code true} / {@code false}. */
final class BooleanCodec extends JsonCodec<Boolean> {

  static final BooleanCodec PRIMITIVE = new BooleanCodec(false);
  static final BooleanCodec BOXED = new BooleanCodec(true);

  private BooleanCodec(boolean nullable) {
    super("a boolean", nullable);
  }

  @Override
  void writeValue(JsonWriter out, Boolean value) {
    out.value(value.booleanValue());
  }

  @Override
  Boolean readValue(JsonReader in) {
    return in.nextBoolean();
  }
}
