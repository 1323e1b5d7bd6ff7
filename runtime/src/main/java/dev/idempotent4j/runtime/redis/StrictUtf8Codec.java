package dev.idempotent4j.runtime.redis;

import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.codec.ToByteBufEncoder;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Lettuce's UTF-8 {@link StringCodec} for commands, with strict decoding of replies: bytes that are
 * not valid UTF-8 (as a hand-edited or foreign record may hold) decode to {@link #MALFORMED}
 * instead of text with U+FFFD in it, so the store can report the record as corrupt rather than
 * replay a changed result.
 *
 * <p>Decoding runs on a Lettuce event-loop thread, where throwing would break the connection's
 * reply stream; hence the marker. It is one {@code String} instance, compared by identity: no text
 * read from Redis is ever that instance.
 */
final class StrictUtf8Codec
    implements RedisCodec<String, String>, ToByteBufEncoder<String, String> {
  static final StrictUtf8Codec INSTANCE = new StrictUtf8Codec();

  /** What a reply element that is not valid UTF-8 decodes to; test with {@link #isMalformed}. */
  static final String MALFORMED = new String("(not valid UTF-8)"); // its own instance

  private static final StringCodec UTF8 = StringCodec.UTF8;

  private StrictUtf8Codec() {}

  @Override
  public String decodeKey(ByteBuffer bytes) {
    return decode(bytes);
  }

  @Override
  public String decodeValue(ByteBuffer bytes) {
    return decode(bytes);
  }

  @Override
  public ByteBuffer encodeKey(String key) {
    return UTF8.encodeKey(key);
  }

  @Override
  public ByteBuffer encodeValue(String value) {
    return UTF8.encodeValue(value);
  }

  @Override
  public void encodeKey(String key, ByteBuf target) {
    UTF8.encodeKey(key, target);
  }

  @Override
  public void encodeValue(String value, ByteBuf target) {
    UTF8.encodeValue(value, target);
  }

  @Override
  public int estimateSize(Object keyOrValue) {
    return UTF8.estimateSize(keyOrValue);
  }

  @Override
  public boolean isEstimateExact() {
    return UTF8.isEstimateExact();
  }

  /**
   * The text of {@code bytes}, or {@link #MALFORMED}. The JDK's lenient decoder is the fast path
   * (ASCII above all); it turns every malformed sequence into U+FFFD, so only a text that holds
   * U+FFFD is decoded again, strictly, to tell a stored U+FFFD from a malformed sequence.
   */
  static String decode(ByteBuffer bytes) {
    byte[] array = new byte[bytes.remaining()];
    bytes.get(array);
    String text = new String(array, StandardCharsets.UTF_8);
    if (text.indexOf('\uFFFD') < 0) {
      return text;
    }
    try { // the copy, not the reply buffer: no view of it per reply element on the fast path
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(array));
      return text;
    } catch (CharacterCodingException e) {
      return MALFORMED;
    }
  }

  /** Whether {@code text} is {@link #MALFORMED} itself, not a text that reads the same. */
  @SuppressWarnings("ReferenceEquality") // the sentinel is told apart by identity, on purpose
  static boolean isMalformed(String text) {
    return text == MALFORMED;
  }
}
