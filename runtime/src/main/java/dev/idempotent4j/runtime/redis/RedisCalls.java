package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the store's commands on its one command connection and turns every way they can fail into
 * the store's exceptions: scripts by SHA1 (loaded again after {@code NOSCRIPT}, the only retry),
 * the plain {@code GET} of a record, and the wait for any reply within the timeout.
 *
 * <pre>{@code
 * List<String> reply = calls.eval(RedisScript.SHOW, key, keys);
 * }</pre>
 */
final class RedisCalls {
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private final Duration timeout;
  private final RedisScriptingAsyncCommands<String, String> scripts;
  private final RedisStringAsyncCommands<String, String> strings;
  private final Runnable checkOpen;

  RedisCalls(
      Duration timeout,
      RedisScriptingAsyncCommands<String, String> scripts,
      RedisStringAsyncCommands<String, String> strings,
      Runnable checkOpen) {
    this.timeout = timeout;
    this.scripts = scripts;
    this.strings = strings;
    this.checkOpen = checkOpen;
  }

  /** Runs a script by SHA1; on NOSCRIPT loads it and runs it once more (it did not run before). */
  List<String> eval(RedisScript script, String key, String[] keys, String... args) {
    List<String> reply;
    try {
      reply = strings(await(send(script, keys, args), script.file(), key));
    } catch (RedisNoScriptException e) {
      reply = strings(reload(script, key, keys, args));
    }
    if (reply.isEmpty()) {
      throw unexpected(script, key, reply);
    }
    if (reply.get(0).equals("corrupt")) {
      throw corrupt(key, reply.get(1), reply.get(2));
    }
    for (String element : reply) {
      if (StrictUtf8Codec.isMalformed(element)) {
        throw notUtf8(key);
      }
    }
    return reply;
  }

  /**
   * The string under {@code redisKey}, {@code null} when absent or of another type (a format-1 hash
   * answers {@code WRONGTYPE}: the script reads it).
   */
  String get(String key, String redisKey) {
    checkOpen();
    RedisFuture<String> future;
    try {
      future = strings.get(redisKey);
    } catch (RedisException e) {
      throw unavailable("GET", key, e);
    }
    String value;
    try {
      value = await(future, "GET", key);
    } catch (StoreUnavailableException e) {
      if (e.getCause() instanceof RedisCommandExecutionException wrong
          && String.valueOf(wrong.getMessage()).startsWith("WRONGTYPE")) {
        return null;
      }
      throw e;
    }
    if (value != null && StrictUtf8Codec.isMalformed(value)) {
      throw notUtf8(key);
    }
    return value;
  }

  /** Sends a script without waiting: renew pipelines one per slot. */
  RedisFuture<List<Object>> send(RedisScript script, String[] keys, String[] args) {
    checkOpen();
    try {
      return scripts.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args);
    } catch (RedisException e) {
      throw unavailable(script.file(), keys.length > 0 ? RedisKeys.taskKey(keys[0]) : "", e);
    }
  }

  /** The reply of a script {@link #send} sent, after NOSCRIPT loaded and run once more. */
  List<String> reply(
      RedisFuture<List<Object>> sent,
      RedisScript script,
      String label,
      String[] keys,
      String[] args) {
    try {
      return strings(await(sent, script.file(), label));
    } catch (RedisNoScriptException e) {
      return strings(reload(script, label, keys, args));
    }
  }

  private List<Object> reload(RedisScript script, String key, String[] keys, String[] args) {
    LOG.log(
        System.Logger.Level.DEBUG,
        "Redis does not know script {0} (restart or SCRIPT FLUSH); loading it",
        script.file());
    String sha = await(scripts.scriptLoad(script.text()), "SCRIPT LOAD", key);
    if (!sha.equals(script.sha1())) {
      throw new IllegalStateException(
          "Redis hashed " + script.file() + " to " + sha + ", expected " + script.sha1());
    }
    try {
      return await(send(script, keys, args), script.file(), key);
    } catch (RedisNoScriptException e) {
      // e.g. a Cluster node that was failed over between the two commands: not retried again
      throw new StoreUnavailableException(
          "Redis lost script " + script.file() + " right after loading it (key '" + key + "')", e);
    }
  }

  <T> T await(RedisFuture<T> future, String step, String key) {
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw timedOut(step, key, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new StoreUnavailableException(
          "Interrupted while waiting for Redis (" + step + ", key '" + key + "')", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RedisNoScriptException noScript) {
        throw noScript;
      }
      if (cause instanceof RedisCommandTimeoutException) {
        throw timedOut(step, key, cause);
      }
      throw unavailable(step, key, cause);
    }
  }

  /** The value under {@code redisKey} is not an idempotent4j record or fence: {@code what}. */
  static CorruptRecordException corrupt(String key, String redisKey, String what) {
    String where = RedisKeys.taskKey(redisKey);
    return new CorruptRecordException(
        key,
        "Task key '"
            + key
            + "': Redis key '"
            + redisKey
            + "' "
            + what
            + ". idempotent4j left it untouched and did not run the task. Inspect it with"
            + " redis-cli (TYPE / GET '"
            + redisKey
            + "'; HGETALL for a hash) and delete it if it is stale"
            + (where.equals(key) ? "" : " (it belongs to task key '" + where + "')")
            + ".",
        null);
  }

  private static CorruptRecordException notUtf8(String key) {
    // only finished records answer stored text: result, type, message
    return corrupt(
        key,
        RedisKeys.record(key),
        "holds a stored result or failure that is not valid UTF-8 text");
  }

  private StoreUnavailableException timedOut(String step, String key, Throwable cause) {
    return new StoreUnavailableException(
        "Redis did not answer "
            + step
            + " for key '"
            + key
            + "' within "
            + timeout
            + " (idempotent4j.timeout); its outcome is unknown",
        cause);
  }

  static StoreUnavailableException unavailable(String step, String key, Throwable cause) {
    return new StoreUnavailableException(
        "Redis failed " + step + " for key '" + key + "': " + cause.getMessage(), cause);
  }

  static IllegalStateException unexpected(RedisScript script, String key, List<String> reply) {
    return new IllegalStateException(
        script.file() + " answered " + reply + " for key '" + key + "': a bug in idempotent4j");
  }

  private void checkOpen() {
    checkOpen.run();
  }

  private static List<String> strings(List<Object> reply) {
    List<String> out = new ArrayList<>(reply.size());
    for (Object element : reply) {
      out.add(String.valueOf(element));
    }
    return out;
  }
}
