package dev.idempotent4j.runtime.redis;

/**
 * The Redis names of one task key. All of them start with {@code "{" + key + "}"}, so Redis Cluster
 * hashes them to the same slot: the hash tag is the text between the first '{' and the first '}'
 * after it, and that '}' lies inside the shared prefix even when the key itself contains braces.
 * Only a key that starts with '}' would give an empty tag (Redis then hashes the whole name), so
 * such keys are refused; real keys start with the prefix.
 */
final class RedisKeys {
  private RedisKeys() {}

  /** The record: one string holding state, fence and outcome (record.lua). */
  static String record(String key) {
    checkTaggable(key);
    return "{" + key + "}";
  }

  /** The last token and attempt of the key; outlives the record. */
  static String fence(String key) {
    checkTaggable(key);
    return "{" + key + "}:fence";
  }

  /**
   * Where complete, fail and release publish a wake-up for waiters: the scripts name it from the
   * record key ({@code KEYS[1] .. ':changed'}), so it is passed to none of them.
   */
  static String channel(String key) {
    checkTaggable(key);
    return "{" + key + "}:changed";
  }

  private static void checkTaggable(String key) {
    if (key.isEmpty() || key.charAt(0) == '}') {
      throw new IllegalArgumentException(
          "Task key '"
              + key
              + "' is empty or starts with '}': Redis Cluster could not keep its"
              + " record and fence in one slot. Use a prefix that starts with a letter.");
    }
  }

  /** The task key of a record name ({@code {key}} to {@code key}). */
  static String taskKey(String recordKey) {
    return recordKey.startsWith("{") && recordKey.endsWith("}")
        ? recordKey.substring(1, recordKey.length() - 1)
        : recordKey;
  }
}
