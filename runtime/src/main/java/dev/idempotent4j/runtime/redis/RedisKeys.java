package dev.idempotent4j.runtime.redis;

/**
 * The Redis names of one task key. All of them start with {@code "{" + key + "}"}, so Redis
 * Cluster hashes them to the same slot: the hash tag is the text between the first {@code {} and
 * the first {@code }} after it, and that {@code }} lies inside the shared prefix even when the key
 * itself contains braces.
 */
final class RedisKeys {
  private RedisKeys() {}

  /** The record: a hash holding state, fence and outcome. */
  static String record(String key) {
    return "{" + key + "}";
  }

  /** The last token and attempt of the key; outlives the record. */
  static String fence(String key) {
    return "{" + key + "}:fence";
  }

  /** Where complete, fail and release publish a wake-up for waiters. */
  static String channel(String key) {
    return "{" + key + "}:changed";
  }

  /** The task key of a record name ({@code {key}} to {@code key}). */
  static String taskKey(String recordKey) {
    return recordKey.startsWith("{") && recordKey.endsWith("}")
        ? recordKey.substring(1, recordKey.length() - 1)
        : recordKey;
  }
}
