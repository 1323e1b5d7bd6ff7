package dev.idempotent4j.runtime.redis;

/** The messages of the store's replication check and stored failures, each built here only. */
final class RedisMessages {
  private RedisMessages() {}

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
