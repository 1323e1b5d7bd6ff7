package dev.idempotent4j.http;

/**
 * Reads the {@code Idempotency-Key} field value. The IETF draft defines it as a structured-field
 * string ({@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}); most clients, Stripe's among them, send
 * the bare token. Both are accepted; either way the key is 1 to 255 printable ASCII characters.
 */
final class IdempotencyKeyHeader {

  static final String NAME = "Idempotency-Key";
  static final int MAX_LENGTH = 255;

  private IdempotencyKeyHeader() {}

  /**
   * The key in {@code value}, or null if it is malformed: empty, longer than 255 characters, not
   * printable ASCII, or a quoted string with a bad escape or an unterminated quote.
   */
  static String parse(String value) {
    String v = value.strip();
    if (v.length() >= 2 && v.charAt(0) == '"') {
      return unquote(v);
    }
    return valid(v) ? v : null;
  }

  /** RFC 8941 sf-string: {@code "} chars {@code "}, where only {@code \"} and {@code \\} escape. */
  private static String unquote(String v) {
    StringBuilder key = new StringBuilder(v.length());
    for (int i = 1; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        if (++i == v.length()) {
          return null;
        }
        char escaped = v.charAt(i);
        if (escaped != '"' && escaped != '\\') {
          return null;
        }
        key.append(escaped);
      } else if (c == '"') {
        // The closing quote must end the value (parameters are not part of this field).
        return i == v.length() - 1 && valid(key) ? key.toString() : null;
      } else {
        key.append(c);
      }
    }
    return null;
  }

  private static boolean valid(CharSequence key) {
    int n = key.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      // Printable ASCII, space included inside a quoted key (RFC 8941 allows it there).
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }
}
