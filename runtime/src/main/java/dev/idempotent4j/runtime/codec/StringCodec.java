package dev.idempotent4j.runtime.codec;

/** A {@code String} as a JSON string. */
final class StringCodec extends KeyCodec<String> {

  static final StringCodec INSTANCE = new StringCodec();

  private StringCodec() {
    super("a string", true);
  }

  @Override
  void writeValue(JsonWriter out, String value) {
    out.value(value);
  }

  @Override
  String readValue(JsonReader in) {
    return in.nextString();
  }

  @Override
  String toKey(String value) {
    return value;
  }

  @Override
  String fromKey(String key, JsonReader in) {
    return key;
  }
}
