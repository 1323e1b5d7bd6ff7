package dev.idempotent4j.runtime.codec;

/**
 * {@code double} and {@code float} as JSON numbers in Java's shortest round-trip text. JSON numbers
 * cannot hold NaN and the infinities, so those are written as the strings {@code "NaN"}, {@code
 * "Infinity"} and {@code "-Infinity"}: every value round-trips, and the text stays valid JSON.
 */
final class FloatingCodec<T extends Number> extends JsonCodec<T> {

  static final FloatingCodec<Double> DOUBLE = new FloatingCodec<>(false, false);
  static final FloatingCodec<Double> DOUBLE_BOX = new FloatingCodec<>(false, true);
  static final FloatingCodec<Float> FLOAT = new FloatingCodec<>(true, false);
  static final FloatingCodec<Float> FLOAT_BOX = new FloatingCodec<>(true, true);

  static final String DOUBLE_EXPECTED =
      "a number (double), or \"NaN\", \"Infinity\", \"-Infinity\"";
  static final String FLOAT_EXPECTED = "a number (float), or \"NaN\", \"Infinity\", \"-Infinity\"";

  private final boolean isFloat;

  private FloatingCodec(boolean isFloat, boolean nullable) {
    super(isFloat ? FLOAT_EXPECTED : DOUBLE_EXPECTED, nullable);
    this.isFloat = isFloat;
  }

  @Override
  void writeValue(JsonWriter out, T value) {
    if (isFloat) {
      writeFloat(out, value.floatValue());
    } else {
      writeDouble(out, value.doubleValue());
    }
  }

  @Override
  @SuppressWarnings("unchecked") // T is Float exactly when isFloat, else Double
  T readValue(JsonReader in) {
    return isFloat ? (T) Float.valueOf(readFloat(in)) : (T) Double.valueOf(readDouble(in));
  }

  static void writeDouble(JsonWriter out, double value) {
    if (Double.isFinite(value)) {
      out.value(value);
    } else {
      out.value(Double.toString(value));
    }
  }

  static void writeFloat(JsonWriter out, float value) {
    if (Float.isFinite(value)) {
      out.numberText(Float.toString(value));
    } else {
      out.value(Float.toString(value));
    }
  }

  static double readDouble(JsonReader in) {
    String text = nonFinite(in);
    if (text != null) {
      return Double.parseDouble(text);
    }
    text = in.nextNumber(DOUBLE_EXPECTED);
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw in.error("number " + text + " is out of the range of a double");
    }
    return value;
  }

  static float readFloat(JsonReader in) {
    String text = nonFinite(in);
    if (text != null) {
      return Float.parseFloat(text);
    }
    text = in.nextNumber(FLOAT_EXPECTED);
    float value = Float.parseFloat(text);
    if (Float.isInfinite(value)) {
      throw in.error("number " + text + " is out of the range of a float");
    }
    return value;
  }

  /** Reads "NaN", "Infinity" or "-Infinity" if a string is next; null if a number is. */
  private static String nonFinite(JsonReader in) {
    if (in.peekString()) {
      String text = in.nextString();
      if (text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")) {
        return text;
      }
      throw in.error(
          "expected a number, or \"NaN\", \"Infinity\", \"-Infinity\", found "
              + JsonReader.quote(text));
    }
    return null;
  }
}
