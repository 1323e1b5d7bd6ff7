package dev.idempotent4j.runtime;

import dev.idempotent4j.runtime.redis.RedisValues;
import dev.idempotent4j.testing.RespClient;

/**
 * {@link SharedEngineContract} on Redis: records read with raw commands on the key's node (format
 * 2, {@link RedisValues}).
 */
abstract class RedisSharedEngineContract extends SharedEngineContract {

  /** A raw connection to the node holding {@code redisKey}. */
  abstract RespClient raw(String redisKey);

  String redisKey(String task, String key) {
    return "{" + prefix + ":" + task + ":" + key + "}";
  }

  @Override
  String recordField(String task, String key, String field) {
    String redisKey = redisKey(task, key);
    try (RespClient client = raw(redisKey)) {
      return RedisValues.record(client, redisKey).get(field);
    }
  }

  @Override
  void plantGarbage(String task, String key) {
    String redisKey = redisKey(task, key);
    try (RespClient client = raw(redisKey)) {
      client.call("SET", redisKey, "not a record");
    }
  }

  @Override
  Object snapshot(String task, String key) {
    String redisKey = redisKey(task, key);
    try (RespClient client = raw(redisKey)) {
      return client.call("TYPE", redisKey).equals("hash")
          ? client.call("HGETALL", redisKey)
          : client.call("GET", redisKey);
    }
  }

  @Override
  boolean outcomeExpired(String task, String key) {
    String redisKey = redisKey(task, key);
    try (RespClient client = raw(redisKey)) {
      return Long.valueOf(0).equals(client.call("EXISTS", redisKey));
    }
  }

  @Override
  boolean claimLapsed(String task, String key) {
    return outcomeExpired(task, key); // the record's TTL is the lease while it runs
  }
}
