package dev.idempotent4j.runtime.codec;

/** A {@code char} as a one-character string. */
final class CharCodec extends JsonCodec<Character> {

  static final CharCodec PRIMITIVE = new CharCodec(false);
  static final CharCodec BOXED = new CharCodec(true);

  private CharCodec(boolean nullable) {
    super("a one-character string (char)", nullable);
  }

  @Override
  void writeValue(JsonWriter out, Character value) {
    out.value(String.valueOf(value.charValue()));
  }

  @Override
  Character readValue(JsonReader in) {
    String text = in.nextString(expected());
    if (text.length() != 1) {
      throw in.error("expected " + expected() + ", found " + JsonReader.quote(text));
    }
    return text.charAt(0);
  }
}
