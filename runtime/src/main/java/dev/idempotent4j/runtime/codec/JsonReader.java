package dev.idempotent4j.runtime.codec;

import java.util.Arrays;

// Over 400 lines on purpose: one tokenizer. Every method moves the same position and reports its
// errors with the same path, kept in the nesting stack below, and the codecs call it once per
// value on every decode of a stored result. Split into a lexer and a path keeper, the two would
// share that mutable state across objects on the hot path and in every error message; much of
// the length is the bounds and messages that hostile input needs.

/**
 * Reads JSON text by index, one token at a time, for the codecs. Built for hostile input: nesting
 * is bounded ({@link #MAX_DEPTH}), numbers are bounded ({@link #MAX_NUMBER_LENGTH}), nothing
 * recurses on the input's shape, and every error is an {@link IllegalArgumentException} whose
 * message starts with the JSON path of the bad value: {@code $.items[2].cents: expected an integer,
 * found "x"}.
 *
 * <pre>{@code
 * JsonReader in = new JsonReader("{\"id\":\"r-1\",\"cents\":1250}");
 * in.beginObject();
 * while (in.hasNextField()) {
 *   switch (in.nextName()) {
 *     case "id" -> id = in.nextString();
 *     case "cents" -> cents = in.nextLong(0, Long.MAX_VALUE, "a non-negative integer");
 *     default -> in.skipValue();
 *   }
 * }
 * in.endOfInput();
 * }</pre>
 */
public final class JsonReader {

  /** Deepest nesting of objects and arrays accepted. */
  public static final int MAX_DEPTH = 256;

  /** Longest number token accepted, in characters. */
  public static final int MAX_NUMBER_LENGTH = 400;

  private static final int FOUND_EXCERPT = 40;

  private final String in;
  private final int length;
  private int pos;
  private int depth;
  // Frame d (1..depth) is an array (isArray) with the index of its current element, or an object
  // with the name of its current field; `started` says whether a first member was read.
  private boolean[] isArray = new boolean[8];
  private boolean[] started = new boolean[8];
  private int[] index = new int[8];
  private String[] name = new String[8];

  /**
   * A reader of {@code json}.
   *
   * @throws NullPointerException if {@code json} is null
   */
  public JsonReader(String json) {
    this.in = json;
    this.length = json.length();
  }

  /** Whether the next value is {@code null}. */
  public boolean peekNull() {
    skipWhitespace();
    return pos < length && in.charAt(pos) == 'n';
  }

  /** Whether the next value is a string. */
  public boolean peekString() {
    skipWhitespace();
    return pos < length && in.charAt(pos) == '"';
  }

  /**
   * Reads {@code null}.
   *
   * @throws IllegalArgumentException if the next value is not {@code null}
   */
  public void nextNull() {
    literal("null", "null");
  }

  /**
   * Reads {@code true} or {@code false}.
   *
   * @throws IllegalArgumentException if the next value is not a boolean
   */
  public boolean nextBoolean() {
    skipWhitespace();
    if (pos < length) {
      char c = in.charAt(pos);
      if (c == 't') {
        literal("true", "a boolean");
        return true;
      }
      if (c == 'f') {
        literal("false", "a boolean");
        return false;
      }
    }
    throw expected("a boolean");
  }

  /**
   * Reads a string value.
   *
   * @throws IllegalArgumentException if the next value is not a well-formed string
   */
  public String nextString() {
    return nextString("a string");
  }

  /**
   * Reads a string value; {@code what} names the expected value in the error if it is not one.
   *
   * @throws IllegalArgumentException if the next value is not a well-formed string
   */
  public String nextString(String what) {
    skipWhitespace();
    if (pos >= length || in.charAt(pos) != '"') {
      throw expected(what);
    }
    return readString();
  }

  /**
   * Reads an integer in {@code [min, max]}. Only integer syntax is accepted: {@code 1.0} and {@code
   * 1e2} are not integers here.
   *
   * @param what names the expected value in errors, e.g. {@code "an integer from 0 to 255"}
   * @throws IllegalArgumentException if the next value is not an integer in range
   */
  public long nextLong(long min, long max, String what) {
    skipWhitespace();
    int start = pos;
    int end = scanNumber(what);
    boolean integer = true;
    for (int i = start; i < end; i++) {
      char c = in.charAt(i);
      if (c == '.' || c == 'e' || c == 'E') {
        integer = false;
        break;
      }
    }
    long value;
    try {
      if (!integer) {
        throw new NumberFormatException();
      }
      value = Long.parseLong(in, start, end, 10);
    } catch (NumberFormatException e) {
      throw foundAt(what, start);
    }
    if (value < min || value > max) {
      throw foundAt(what, start);
    }
    pos = end;
    return value;
  }

  /**
   * Reads the text of a number value, checked against the JSON number grammar.
   *
   * @throws IllegalArgumentException if the next value is not a number
   */
  public String nextNumber(String what) {
    skipWhitespace();
    int start = pos;
    int end = scanNumber(what);
    pos = end;
    return in.substring(start, end);
  }

  /**
   * Opens an object; read its fields with {@link #hasNextField} and {@link #nextName}.
   *
   * @throws IllegalArgumentException if the next value is not an object, or nesting is too deep
   */
  public void beginObject() {
    open('{', false, "an object");
  }

  /** Opens an object; {@code what} names the expected value in the error if it is not one. */
  void beginObject(String what) {
    open('{', false, what);
  }

  /**
   * Whether the current object has another field; consumes the closing brace if not.
   *
   * @throws IllegalArgumentException if the text is neither a field nor the end of the object
   */
  public boolean hasNextField() {
    skipWhitespace();
    if (pos < length && in.charAt(pos) == '}') {
      pos++;
      depth--;
      return false;
    }
    if (started[depth]) {
      if (pos >= length || in.charAt(pos) != ',') {
        throw expected("',' or '}'");
      }
      pos++;
      skipWhitespace();
    }
    started[depth] = true;
    if (pos >= length || in.charAt(pos) != '"') {
      name[depth] = null;
      throw expected("a field name");
    }
    return true;
  }

  /**
   * Reads a field name and its colon.
   *
   * @throws IllegalArgumentException if no well-formed name and colon follow
   */
  public String nextName() {
    String fieldName = nextString("a field name");
    name[depth] = fieldName;
    colon();
    return fieldName;
  }

  /**
   * Reads a field name and its colon and returns its index in {@code names}, or -1 if it is none of
   * them; compares in place, so that a known name costs no allocation.
   *
   * @throws IllegalArgumentException if no well-formed name and colon follow
   */
  int nextName(String[] names) {
    skipWhitespace();
    int start = pos + 1;
    int end = start;
    while (end < length) {
      char c = in.charAt(end);
      if (c == '"' || c == '\\') {
        break;
      }
      end++;
    }
    if (end < length && in.charAt(end) == '"') {
      int len = end - start;
      for (int i = 0; i < names.length; i++) {
        String candidate = names[i];
        if (candidate.length() == len && in.regionMatches(start, candidate, 0, len)) {
          pos = end + 1;
          name[depth] = candidate;
          colon();
          return i;
        }
      }
    }
    String fieldName = nextName();
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(fieldName)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Opens an array; read its elements while {@link #hasNextElement} says so.
   *
   * @throws IllegalArgumentException if the next value is not an array, or nesting is too deep
   */
  public void beginArray() {
    open('[', true, "an array");
  }

  /**
   * Whether the current array has another element; consumes the closing bracket if not.
   *
   * @throws IllegalArgumentException if the text is neither an element nor the end of the array
   */
  public boolean hasNextElement() {
    skipWhitespace();
    if (pos < length && in.charAt(pos) == ']') {
      pos++;
      depth--;
      return false;
    }
    if (started[depth]) {
      if (pos >= length || in.charAt(pos) != ',') {
        throw expected("',' or ']'");
      }
      pos++;
    }
    started[depth] = true;
    index[depth]++;
    return true;
  }

  /**
   * Skips the next value, however nested (without recursion).
   *
   * @throws IllegalArgumentException if the value is malformed or nested too deep
   */
  public void skipValue() {
    int base = depth;
    while (true) {
      skipWhitespace();
      char c = pos < length ? in.charAt(pos) : 0;
      switch (c) {
        case '{' -> beginObject();
        case '[' -> beginArray();
        case '"' -> readString();
        case 't' -> literal("true", "a JSON value");
        case 'f' -> literal("false", "a JSON value");
        case 'n' -> literal("null", "a JSON value");
        default -> pos = scanNumber("a JSON value");
      }
      boolean valueNext = false;
      while (depth > base && !valueNext) {
        if (isArray[depth]) {
          valueNext = hasNextElement();
        } else if (hasNextField()) {
          nextName();
          valueNext = true;
        }
      }
      if (!valueNext) {
        return;
      }
    }
  }

  /**
   * Checks that only whitespace follows the value.
   *
   * @throws IllegalArgumentException if anything else follows
   */
  public void endOfInput() {
    skipWhitespace();
    if (pos < length) {
      throw error("unexpected text after the value: " + describeAt(pos));
    }
  }

  /** An error at the current path: {@code $.a[1]: expected <what>, found <next token>}. */
  public IllegalArgumentException expected(String what) {
    skipWhitespace();
    return foundAt(what, pos);
  }

  /** An error at the current path: {@code $.a[1]: <message>}. */
  public IllegalArgumentException error(String message) {
    return new IllegalArgumentException(path() + ": " + message);
  }

  /** The JSON path of the value being read, e.g. {@code $.items[2].cents}. */
  public String path() {
    StringBuilder p = new StringBuilder("$");
    for (int d = 1; d <= depth; d++) {
      if (isArray[d]) {
        if (index[d] >= 0) {
          p.append('[').append(index[d]).append(']');
        }
      } else if (name[d] != null) {
        if (isIdentifier(name[d])) {
          p.append('.').append(name[d]);
        } else {
          p.append("[\"").append(excerpt(name[d])).append("\"]");
        }
      }
    }
    return p.toString();
  }

  /** Quotes {@code text} for an error message, shortened if long. */
  static String quote(String text) {
    return '"' + excerpt(text) + '"';
  }

  private IllegalArgumentException foundAt(String what, int at) {
    return error("expected " + what + ", found " + describeAt(at));
  }

  private void open(char bracket, boolean array, String what) {
    skipWhitespace();
    if (pos >= length || in.charAt(pos) != bracket) {
      throw expected(what);
    }
    if (depth >= MAX_DEPTH) {
      throw error("nesting deeper than " + MAX_DEPTH + " levels");
    }
    pos++;
    depth++;
    if (depth == isArray.length) {
      int size = Math.min(isArray.length * 2, MAX_DEPTH + 1);
      isArray = Arrays.copyOf(isArray, size);
      started = Arrays.copyOf(started, size);
      index = Arrays.copyOf(index, size);
      name = Arrays.copyOf(name, size);
    }
    isArray[depth] = array;
    started[depth] = false;
    index[depth] = -1;
    name[depth] = null;
  }

  private void colon() {
    skipWhitespace();
    if (pos >= length || in.charAt(pos) != ':') {
      throw expected("':'");
    }
    pos++;
  }

  private void literal(String word, String what) {
    skipWhitespace();
    if (!in.startsWith(word, pos)) {
      throw expected(what);
    }
    pos += word.length();
  }

  /** Reads the string at {@code pos} (which holds its opening quote). */
  private String readString() {
    int start = pos + 1;
    int i = start;
    while (i < length) {
      char c = in.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return in.substring(start, i);
      }
      if (c == '\\') {
        return readEscapedString(start, i);
      }
      if (c < 0x20) {
        throw controlCharacter(i);
      }
      i++;
    }
    throw error("unterminated string starting " + describeAt(pos));
  }

  private String readEscapedString(int start, int firstEscape) {
    StringBuilder s = new StringBuilder(firstEscape - start + 16);
    s.append(in, start, firstEscape);
    int i = firstEscape;
    while (i < length) {
      char c = in.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return s.toString();
      }
      if (c < 0x20) {
        throw controlCharacter(i);
      }
      if (c != '\\') {
        s.append(c);
        i++;
        continue;
      }
      if (i + 1 >= length) {
        break;
      }
      char e = in.charAt(i + 1);
      i += 2;
      switch (e) {
        case '"', '\\', '/' -> s.append(e);
        case 'n' -> s.append('\n');
        case 'r' -> s.append('\r');
        case 't' -> s.append('\t');
        case 'b' -> s.append('\b');
        case 'f' -> s.append('\f');
        case 'u' -> {
          if (i + 4 > length) {
            throw error("truncated \\u escape in a string");
          }
          int code = 0;
          for (int k = 0; k < 4; k++) {
            int digit = Character.digit(in.charAt(i + k), 16);
            if (digit < 0) {
              throw error("bad \\u escape in a string: " + quote(in.substring(i - 2, i + 4)));
            }
            code = code * 16 + digit;
          }
          s.append((char) code);
          i += 4;
        }
        default -> throw error("bad escape \\" + e + " in a string");
      }
    }
    throw error("unterminated string starting " + describeAt(pos));
  }

  private IllegalArgumentException controlCharacter(int at) {
    return error(
        "unescaped control character U+"
            + String.format("%04X", (int) in.charAt(at))
            + " in a string");
  }

  /**
   * Returns the end of the number at {@code pos}: {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}.
   */
  private int scanNumber(String what) {
    int i = pos;
    if (i < length && in.charAt(i) == '-') {
      i++;
    }
    int digits = i;
    if (i < length && in.charAt(i) == '0') {
      i++;
    } else {
      while (i < length && isDigit(in.charAt(i))) {
        i++;
      }
    }
    if (i == digits) {
      throw expected(what);
    }
    if (i < length && in.charAt(i) == '.') {
      int fraction = ++i;
      while (i < length && isDigit(in.charAt(i))) {
        i++;
      }
      if (i == fraction) {
        throw error("malformed number " + describeAt(pos));
      }
    }
    if (i < length && (in.charAt(i) == 'e' || in.charAt(i) == 'E')) {
      i++;
      if (i < length && (in.charAt(i) == '+' || in.charAt(i) == '-')) {
        i++;
      }
      int exponent = i;
      while (i < length && isDigit(in.charAt(i))) {
        i++;
      }
      if (i == exponent) {
        throw error("malformed number " + describeAt(pos));
      }
    }
    if (i - pos > MAX_NUMBER_LENGTH) {
      throw error("number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    return i;
  }

  /** What the text at {@code at} holds, for messages: a token excerpt, or "end of input". */
  private String describeAt(int at) {
    if (at >= length) {
      return "end of input";
    }
    char c = in.charAt(at);
    if (c == '{') {
      return "an object";
    }
    if (c == '[') {
      return "an array";
    }
    int end = at + 1;
    if (c == '"') {
      while (end < length && in.charAt(end) != '"') {
        end += in.charAt(end) == '\\' ? 2 : 1;
      }
      end = Math.min(end + 1, length);
    } else {
      while (end < length && "{}[],:\" \t\r\n".indexOf(in.charAt(end)) < 0) {
        end++;
      }
    }
    String token = in.substring(at, Math.min(end, at + FOUND_EXCERPT + 2));
    return end - at > FOUND_EXCERPT + 2 ? token + "..." : token;
  }

  private static String excerpt(String text) {
    return text.length() > FOUND_EXCERPT ? text.substring(0, FOUND_EXCERPT) + "..." : text;
  }

  private void skipWhitespace() {
    while (pos < length) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || !Character.isJavaIdentifierStart(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!Character.isJavaIdentifierPart(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
