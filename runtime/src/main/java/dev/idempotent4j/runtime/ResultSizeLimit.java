package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.store.StoredFailure;

/**
 * The setting {@code max-result-size}: the largest result the engine hands to a shared store, in
 * bytes of UTF-8 JSON, whatever the store (Redis, PostgreSQL, a caller's own). A larger result is
 * not stored: the task did run, so storing nothing (or releasing the key) would run it again.
 * Instead the store gets a cached failure of type {@value #FAILURE_TYPE} whose message gives the
 * size and the setting; the caller keeps its value, and duplicates in this JVM get it from the
 * local tier. Results of 128 MB took longer than the timeout to store and to replay.
 *
 * <pre>{@code
 * StoredFailure tooLarge = limit.refusal(json);  // null when it fits
 * }</pre>
 */
final class ResultSizeLimit {

  /** The type of the failure stored in place of a result too large to store. */
  static final String FAILURE_TYPE = "dev.idempotent4j.ResultTooLarge";

  /** The default: 1 MiB. */
  static final int DEFAULT_BYTES = 1 << 20;

  /** The largest limit: Redis keeps at most 512 MiB in one value. */
  static final int LARGEST_BYTES = 512 << 20;

  private final int maxBytes;

  ResultSizeLimit(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The failure to store instead of {@code json}, or null when {@code json} fits. */
  StoredFailure refusal(String json) {
    long size = utf8Length(json);
    return size <= maxBytes ? null : new StoredFailure(FAILURE_TYPE, notStored(size));
  }

  /** The WARNING logged once when {@code refusal} is stored under {@code key}. */
  static String warning(String key, StoredFailure refusal) {
    return "idempotent4j: key '"
        + key
        + "': "
        + refusal.message()
        + " Duplicates in other JVMs get TaskFailedException ("
        + FAILURE_TYPE
        + ") instead of the result.";
  }

  /** The stored message: what duplicates in other JVMs read. */
  private String notStored(long size) {
    return "the task ran, but its result ("
        + size
        + " bytes of JSON) is larger than idempotent4j.max-result-size ("
        + maxBytes
        + " bytes), so it was not stored and the task does not run again for this key while"
        + " the record lives. Return less (an id rather than the document), or raise"
        + " idempotent4j.max-result-size.";
  }

  /** Bytes of {@code text} in UTF-8, counted only when it could be more than the limit. */
  private long utf8Length(String text) {
    int chars = text.length();
    if ((long) chars * 3 <= maxBytes) {
      return chars; // at most 3 bytes per char: cannot exceed, the exact count is not needed
    }
    long bytes = 0;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < chars
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
