package dev.idempotent4j.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeysTest {

  /** The key of {@code body} in task {@code name} under prefix i4j, as the engine builds it. */
  private static String key(String name, String body) {
    return Keys.bounded(Keys.head("i4j", name) + body);
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void aShortKeyIsPrefixNameAndBody() {
    assertThat(key("Payments.charge", "charge:42")).isEqualTo("i4j:Payments.charge:charge:42");
  }

  @Test
  void aKeyOfExactly512BytesIsKeptAsItIs() {
    String head = "i4j:t:";
    String body = "x".repeat(512 - head.length());
    assertThat(key("t", body)).isEqualTo(head + body);
  }

  @Test
  void aLongerKeyKeepsAReadableHeadAndEndsInTheSha256OfTheWhole() {
    String body = "x".repeat(513);
    String key = key("t", body);
    assertThat(bytes(key)).isLessThanOrEqualTo(512);
    assertThat(key).startsWith("i4j:t:xxxx").matches(".*#[0-9a-f]{64}");
    // SHA-256 of "i4j:t:" + 513 x's, computed independently:
    assertThat(key.substring(key.length() - 64)).isEqualTo(sha256("i4j:t:" + body));
  }

  @Test
  void longKeysThatShareTheirHeadStayDistinct() {
    String common = "y".repeat(600);
    assertThat(key("t", common + "a")).isNotEqualTo(key("t", common + "b"));
  }

  @Test
  void multiByteCharactersAreNeverCutInHalf() {
    String body = "\u00e9\ud83d\ude00".repeat(200); // 2-byte and 4-byte (surrogate pair) chars
    String key = key("t", body);
    assertThat(bytes(key)).isLessThanOrEqualTo(512);
    String head = key.substring(0, key.lastIndexOf('#'));
    assertThat(head.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(447);
    assertThat(Character.isHighSurrogate(head.charAt(head.length() - 1))).isFalse();
    assertThat(new String(head.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(head);
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (byte b : digest) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keysWithLoneSurrogatesStayDistinctAndValidUtf8ShortOrLong() {
    for (String tail : new String[] {"", "x".repeat(600)}) {
      String a = key("t", "req-7\ud800" + tail);
      String b = key("t", "req-7\udfff" + tail);
      String c = key("t", "req-7?" + tail);
      assertThat(java.util.Set.of(a, b, c)).hasSize(3);
      for (String k : new String[] {a, b, c}) {
        assertThat(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
            .isEqualTo(k);
        assertThat(bytes(k)).isLessThanOrEqualTo(Keys.MAX_BYTES);
      }
    }
    assertThat(Keys.sha256Hex("fp\ud800")).isNotEqualTo(Keys.sha256Hex("fp\udfff"));
    assertThat(Keys.sha256Hex("fp\ud800")).isNotEqualTo(Keys.sha256Hex("fp?"));
    // a valid string hashes as before: its UTF-8 bytes
    assertThat(Keys.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }
}
