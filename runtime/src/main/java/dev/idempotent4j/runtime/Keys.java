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
    if (key.length() <= MAX_BYTES / 3) {
      return key;
    }
    byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= MAX_BYTES) {
      return key;
    }
    return utf8Prefix(key, MAX_BYTES - 1 - HASH_HEX) + '#' + sha256Hex(utf8);
  }

  /** The longest prefix of {@code text} that fits {@code maxBytes} in UTF-8, whole code points. */
  private static String utf8Prefix(String text, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      int codePoint = text.codePointAt(i);
      int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + width > maxBytes) {
        break;
      }
      bytes += width;
      i += Character.charCount(codePoint);
    }
    return text.substring(0, i);
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes in lower-case hex: how fingerprints are stored. */
  static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
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
