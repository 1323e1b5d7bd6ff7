package dev.idempotent4j.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Full task keys: {@code prefix:name:body}, bounded to {@value #MAX_BYTES} UTF-8 bytes.
 *
 * <p>A longer key keeps a readable head (so {@code redis-cli --scan} still shows which task and
 * roughly which arguments it belongs to) and ends in {@code #} and the SHA-256 hex of the whole
 * key, so two long keys that share their head stay distinct.
 *
 * <p>A key with a lone surrogate (a {@code char} in U+D800..U+DFFF that is not half of a pair, as a
 * {@code Task} key given by hand may hold; generated keys escape them, see {@code KeyBuilder}) has
 * no UTF-8 form: the Redis client would write it as {@code ?}. Such a key takes the long form too,
 * at any length, and its hash is over its generalized UTF-8 (WTF-8) bytes, in which each lone
 * surrogate has its own three bytes: every {@code String} keeps its own key. For valid Unicode
 * those bytes are the UTF-8 bytes, so no other key changes.
 *
 * <pre>{@code
 * String head = Keys.head("i4j", "Payments.charge"); // "i4j:Payments.charge:", once per task
 * Keys.bounded(head + "charge:42");         // "i4j:Payments.charge:charge:42"
 * Keys.bounded(head + "x".repeat(1000));    // "i4j:Payments.charge:xxx...x#9f86d0...(64 hex)"
 * }</pre>
 */
final class Keys {

  /** The longest key, in UTF-8 bytes. */
  public static final int MAX_BYTES = 512;

  private static final int HASH_HEX = 64;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Keys() {}

  /** The part of every key of task {@code name} before its body: {@code prefix:name:}. */
  static String head(String prefix, String name) {
    return prefix + ':' + name + ':';
  }

  /** {@code key} ({@link #head} and body), shortened when it is past the byte limit. */
  static String bounded(String key) {
    // Fast path: a key of at most MAX_BYTES / 3 chars can never exceed MAX_BYTES in UTF-8.
    if (key.length() <= MAX_BYTES / 3 && !hasSurrogate(key)) {
      return key;
    }
    byte[] utf8 = wtf8(key);
    if (utf8.length <= MAX_BYTES && !hasLoneSurrogate(key)) {
      return key;
    }
    return utf8Prefix(key, MAX_BYTES - 1 - HASH_HEX) + '#' + sha256Hex(utf8);
  }

  /**
   * The longest prefix of {@code text} that fits {@code maxBytes} in UTF-8, whole code points, up
   * to its first lone surrogate.
   */
  private static String utf8Prefix(String text, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      if (Character.isSurrogate((char) codePoint) && codePoint <= Character.MAX_VALUE) {
        break;
      }
      int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + width > maxBytes) {
        break;
      }
      bytes += width;
      i += Character.charCount(codePoint);
    }
    return text.substring(0, i);
  }

  /**
   * The SHA-256 of {@code text}'s UTF-8 bytes (WTF-8 if it has lone surrogates) in lower-case hex:
   * how fingerprints are stored.
   */
  static String sha256Hex(String text) {
    return sha256Hex(wtf8(text));
  }

  private static boolean hasSurrogate(String text) {
    for (int i = 0, length = text.length(); i < length; i++) {
      if (Character.isSurrogate(text.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasLoneSurrogate(String text) {
    for (int i = 0, length = text.length(); i < length; i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code text} in UTF-8, except that a lone surrogate is encoded like any other code point of the
   * basic plane (three bytes, ED A0 80 to ED BF BF) instead of as {@code ?}: injective for every
   * {@code String}, and the UTF-8 bytes themselves for valid Unicode.
   */
  static byte[] wtf8(String text) {
    if (!hasLoneSurrogate(text)) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length() * 3);
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        out.write(c);
      } else if (c < 0x800) {
        out.write(0xC0 | (c >> 6));
        out.write(0x80 | (c & 0x3F));
      } else if (c < 0x10000) {
        out.write(0xE0 | (c >> 12));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      } else {
        out.write(0xF0 | (c >> 18));
        out.write(0x80 | ((c >> 12) & 0x3F));
        out.write(0x80 | ((c >> 6) & 0x3F));
        out.write(0x80 | (c & 0x3F));
      }
    }
    return out.toByteArray();
  }

  private static String sha256Hex(byte[] bytes) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }
}
