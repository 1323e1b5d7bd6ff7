package dev.idempotent4j.runtime.codec;

/**
 * Writes compact JSON text into a {@link StringBuilder}: no spaces, commas placed for the caller.
 * The codecs drive it; it checks no nesting rules itself, so that writing stays a few appends.
 *
 * <pre>{@code
 * JsonWriter out = new JsonWriter();
 * out.beginObject().name("id").value("r-1").name("cents").value(1250).endObject();
 * out.toString();   // {"id":"r-1","cents":1250}
 * }</pre>
 */
public final class JsonWriter {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final boolean[] ESCAPED_ASCII = new boolean[0x80];

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPED_ASCII[c] = true;
    }
    ESCAPED_ASCII['"'] = true;
    ESCAPED_ASCII['\\'] = true;
  }

  private final StringBuilder out;
  private boolean needsComma;
  private int depth;

  /** A writer with a small initial buffer. */
  public JsonWriter() {
    this(new StringBuilder(64));
  }

  /** A writer that appends to {@code out}. */
  public JsonWriter(StringBuilder out) {
    this.out = out;
  }

  /** Opens an object: <code>&#123;</code>. */
  public JsonWriter beginObject() {
    enter();
    separate();
    out.append('{');
    needsComma = false;
    return this;
  }

  /** Closes an object: <code>&#125;</code>. */
  public JsonWriter endObject() {
    depth--;
    out.append('}');
    needsComma = true;
    return this;
  }

  /** Opens an array: {@code [}. */
  public JsonWriter beginArray() {
    enter();
    separate();
    out.append('[');
    needsComma = false;
    return this;
  }

  /** Closes an array: {@code ]}. */
  public JsonWriter endArray() {
    depth--;
    out.append(']');
    needsComma = true;
    return this;
  }

  /**
   * Text nested deeper than {@link JsonReader#MAX_DEPTH} could not be read back, and a value that
   * contains itself (a mutable list inside a recursive record) would never end: both fail here.
   */
  private void enter() {
    if (++depth > JsonReader.MAX_DEPTH) {
      throw new IllegalArgumentException(
          "the value nests deeper than "
              + JsonReader.MAX_DEPTH
              + " levels (does it contain itself?), and deeper text could not be read back");
    }
  }

  /** Writes a field name and its colon; the field's value follows. */
  public JsonWriter name(String name) {
    separate();
    string(name);
    out.append(':');
    needsComma = false;
    return this;
  }

  /** Writes {@code "name":} from its precomputed text (see {@link #quotedName}). */
  JsonWriter nameToken(String token) {
    separate();
    out.append(token);
    needsComma = false;
    return this;
  }

  /** A string value, escaped; {@code null} writes {@code null}. */
  public JsonWriter value(String value) {
    separate();
    if (value == null) {
      out.append("null");
    } else {
      string(value);
    }
    needsComma = true;
    return this;
  }

  /** An integer value. */
  public JsonWriter value(long value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /** A boolean value. */
  public JsonWriter value(boolean value) {
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /**
   * A finite floating-point value in Java's shortest round-trip form ({@code 1.0E-5} is valid
   * JSON).
   *
   * @throws IllegalArgumentException if {@code value} is NaN or infinite: JSON numbers cannot hold
   *     them (the double codecs write them as the strings {@code "NaN"}, {@code "Infinity"})
   */
  public JsonWriter value(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "JSON numbers cannot hold " + value + "; write it as a string");
    }
    separate();
    out.append(value);
    needsComma = true;
    return this;
  }

  /** A number whose text the caller already made valid JSON (e.g. {@code Float.toString}). */
  JsonWriter numberText(String text) {
    separate();
    out.append(text);
    needsComma = true;
    return this;
  }

  /** Writes {@code null}. */
  public JsonWriter nullValue() {
    separate();
    out.append("null");
    needsComma = true;
    return this;
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return out.toString();
  }

  /** The escaped, quoted JSON form of {@code name} followed by a colon. */
  static String quotedName(String name) {
    JsonWriter w = new JsonWriter(new StringBuilder(name.length() + 3));
    w.string(name);
    w.out.append(':');
    return w.out.toString();
  }

  private void separate() {
    if (needsComma) {
      out.append(',');
    }
  }

  /**
   * Escapes quotes, backslashes, control characters, U+2028/U+2029 (line breaks to JavaScript) and
   * unpaired surrogates (which UTF-8 cannot carry: the store would turn them into {@code ?}).
   */
  private void string(String s) {
    out.append('"');
    int len = s.length();
    int plainFrom = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (!ESCAPED_ASCII[c]) {
          continue;
        }
      } else if (Character.isHighSurrogate(c)
          && i + 1 < len
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: UTF-8 carries it
        continue;
      } else if (c != 0x2028 && c != 0x2029 && !Character.isSurrogate(c)) {
        continue;
      }
      appendRange(s, plainFrom, i);
      plainFrom = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default ->
            out.append("\\u")
                .append(HEX[c >> 12])
                .append(HEX[(c >> 8) & 0xF])
                .append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
      }
    }
    if (plainFrom == 0) {
      out.append(s); // the common case: one bulk copy
    } else {
      appendRange(s, plainFrom, len);
    }
    out.append('"');
  }

  private void appendRange(String s, int from, int to) {
    if (to > from) {
      out.append(s, from, to);
    }
  }
}
