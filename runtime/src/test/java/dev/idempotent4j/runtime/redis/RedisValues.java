package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.testing.RespClient;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tests read records and fences as a person would with {@code redis-cli GET}: the format-2 text
 * split into its named fields (record.lua describes the format).
 */
public final class RedisValues {
  private RedisValues() {}

  /** The fields of the format-2 record under {@code redisKey}; empty when there is none. */
  public static Map<String, String> record(RespClient raw, String redisKey) {
    Object value = raw.call("GET", redisKey);
    return value == null ? Map.of() : record((String) value);
  }

  /**
   * The fields of a format-2 record: state, token, attempt, claimed_at, waiters, fp, owner, and
   * result (completed) or error_type and error_message (failed).
   */
  public static Map<String, String> record(String value) {
    String[] lines = value.split("\n", 4);
    String[] header = lines[0].split(" ");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("v", header[0].substring("i4j".length()));
    fields.put("state", header[1]);
    fields.put("token", header[2]);
    fields.put("attempt", header[3]);
    fields.put("claimed_at", header[4]);
    fields.put("waiters", header[5]);
    fields.put("fp", lines[1]);
    fields.put("owner", lines[2]);
    if (header[1].equals("completed")) {
      fields.put("result", lines[3]);
    } else if (header[1].equals("failed")) {
      String[] failure = lines[3].split("\n", 2);
      fields.put("error_type", failure[0]);
      fields.put("error_message", failure[1]);
    }
    return fields;
  }

  /** The fields of the format-2 fence under {@code redisKey}: token, attempt, held. */
  public static Map<String, String> fence(RespClient raw, String redisKey) {
    String[] parts = ((String) raw.call("GET", redisKey)).split(" ");
    return Map.of("tag", parts[0], "token", parts[1], "attempt", parts[2], "held", parts[3]);
  }

  /** {@code value} with its waiters count replaced: a hand-edited record. */
  public static String withWaiters(String value, String waiters) {
    int nl = value.indexOf('\n');
    int space = value.lastIndexOf(' ', nl);
    return value.substring(0, space + 1) + waiters + value.substring(nl);
  }
}
