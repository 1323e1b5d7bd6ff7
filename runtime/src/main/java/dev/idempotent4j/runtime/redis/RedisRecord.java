package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.StoredFailure;

/**
 * The record format 2 on the client side (record.lua describes it in full): one Redis string {@code
 * i4j2 <state> <token> <attempt> <claimed_at> <waiters>\n<fp>\n<owner>\n<payload>}. A claim that
 * finds a finished record gets its value as stored (from the claim script, or from a plain {@code
 * GET} first) and this class parses it: the server does no Lua work for a duplicate.
 *
 * <pre>{@code
 * Claim answer = RedisRecord.replay(value, RedisRecord.escape(fingerprint)); // null: running
 * }</pre>
 *
 * <p>Every number is checked as the scripts check it (canonical decimals within the same bounds); a
 * value that breaks the format is reported as {@link Corrupt}, naming what is wrong.
 */
final class RedisRecord {
  /** The format version this idempotent4j writes. */
  static final int FORMAT = 2;

  private static final String TAG = "i4j2 ";
  private static final long MAX_INT = 9007199254740991L; // 2^53 - 1, as record.lua
  private static final long MAX_TOKEN = MAX_INT - 1;
  private static final long MAX_ATTEMPT = 2147483646L;

  private RedisRecord() {}

  /** A value that is not a record of format 2: {@code getMessage()} says what is wrong. */
  static final class Corrupt extends Exception {
    private static final long serialVersionUID = 1L;

    Corrupt(String what) {
      super(what, null, false, false);
    }
  }

  /**
   * What a claim with {@code fingerprint} (escaped, {@code ""} for none) gets from the record
   * {@code value}: {@code Completed}, {@code Failed} or {@code KeyReused}; {@code null} when the
   * value is a running record (or no format-2 record at all: the claim script decides).
   *
   * @throws Corrupt if the value starts as a finished record but breaks the format
   */
  static Claim replay(String value, String fingerprint) throws Corrupt {
    if (!value.startsWith(TAG)) {
      return null;
    }
    boolean completed = value.startsWith("completed ", TAG.length());
    if (!completed && !value.startsWith("failed ", TAG.length())) {
      return null;
    }
    int at = TAG.length() + (completed ? "completed ".length() : "failed ".length());
    at = number(value, at, ' ', MAX_TOKEN, "token");
    at = number(value, at, ' ', MAX_ATTEMPT, "attempt");
    at = number(value, at, ' ', MAX_INT, "claimed_at");
    at = number(value, at, '\n', MAX_INT, "waiters");
    int fpEnd = value.indexOf('\n', at);
    int ownerEnd = fpEnd < 0 ? -1 : value.indexOf('\n', fpEnd + 1);
    if (ownerEnd < 0) {
      throw new Corrupt("has no fp and owner lines");
    }
    int fpLength = fpEnd - at;
    // compared only when both the record and the request have one
    if (fpLength > 0
        && !fingerprint.isEmpty()
        && (fpLength != fingerprint.length()
            || !value.regionMatches(at, fingerprint, 0, fpLength))) {
      return new Claim.KeyReused();
    }
    String payload = value.substring(ownerEnd + 1);
    if (completed) {
      return new Claim.Completed(payload);
    }
    int nl = payload.indexOf('\n');
    if (nl < 0) {
      throw new Corrupt("is failed without an error type line");
    }
    return new Claim.Failed(
        new StoredFailure(unescape(payload.substring(0, nl)), payload.substring(nl + 1)));
  }

  /** Parses the decimal at {@code from} up to {@code end}; the index after {@code end}. */
  private static int number(String value, int from, char end, long max, String name)
      throws Corrupt {
    int i = from;
    long number = 0;
    while (i < value.length() && i - from <= 16) {
      char c = value.charAt(i);
      if (c == end) {
        break;
      }
      if (c < '0' || c > '9' || (i > from && number == 0)) {
        throw new Corrupt("has no valid " + name);
      }
      number = number * 10 + (c - '0');
      i++;
    }
    if (i == from || i >= value.length() || value.charAt(i) != end || number > max) {
      throw new Corrupt("has no valid " + name);
    }
    return i + 1;
  }

  /** {@code text} as one line: a backslash as {@code \\}, a newline as {@code \n}. */
  static String escape(String text) {
    if (text.indexOf('\\') < 0 && text.indexOf('\n') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The text {@link #escape} escaped. */
  static String unescape(String line) {
    if (line.indexOf('\\') < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        char next = line.charAt(++i);
        out.append(next == 'n' ? '\n' : next);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
