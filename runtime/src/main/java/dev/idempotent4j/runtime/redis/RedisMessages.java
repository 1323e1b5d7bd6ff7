package dev.idempotent4j.runtime.redis;

/** The messages of the store's replication and result-size checks, each built here only. */
final class RedisMessages {
  /** The type of the failure stored in place of a result too large to store. */
  static final String RESULT_TOO_LARGE = "dev.idempotent4j.ResultTooLarge";

  private RedisMessages() {}

  /** The stored message of a result that was not stored: what duplicates in other JVMs read. */
  static String resultNotStored(long size, RedisSettings settings) {
    return "the task ran, but its result ("
        + size
        + " bytes of JSON) is larger than idempotent4j.max-result-size ("
        + settings.maxResultSize()
        + " bytes), so it was not stored and the task does not run again for this key while"
        + " the record lives. Return less (an id rather than the document), or raise"
        + " idempotent4j.max-result-size.";
  }

  /** The warning logged when a result too large is stored as a failure. */
  static String resultTooLarge(String key, long size, RedisSettings settings) {
    return "idempotent4j: key '"
        + key
        + "': "
        + resultNotStored(size, settings)
        + " Duplicates in other JVMs get TaskFailedException ("
        + RESULT_TOO_LARGE
        + ") instead of the result.";
  }

  /** Fewer replicas than required acknowledged {@code step} of {@code key}. */
  static String notReplicated(String step, String key, long count, RedisSettings settings) {
    return "Redis replicated "
        + step
        + " of key '"
        + key
        + "' to "
        + count
        + " of "
        + settings.waitReplicas()
        + " replicas within "
        + settings.waitTimeout()
        + " (idempotent4j.redis.wait-replicas, idempotent4j.redis.wait-timeout)"
        + (step.equals("claim")
            ? ": the claim was released and the task did not run"
            : ": it is stored on the master but a failover could still lose it")
        + ". Check the replicas (INFO replication), or lower wait-replicas.";
  }

  /**
   * {@code message} as stored with a cached failure: cut after {@link RedisStore#MAX_MESSAGE_CHARS}
   * chars (never inside a surrogate pair), saying how much is cut.
   */
  static String storedMessage(String message) {
    if (message.length() <= RedisStore.MAX_MESSAGE_CHARS) {
      return message;
    }
    int keep = RedisStore.MAX_MESSAGE_CHARS;
    if (Character.isHighSurrogate(message.charAt(keep - 1))) {
      keep--;
    }
    return message.substring(0, keep)
        + "... ("
        + (message.length() - keep)
        + " more characters not stored)";
  }
}
