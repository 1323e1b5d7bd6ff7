package dev.idempotent4j.benchmarks.flows;

import dev.idempotent4j.benchmarks.Receipts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared duplicate check that teams write by hand with Lettuce, as the idempotent4j issue
 * describes it: {@code GET} the result; {@code SET NX PX} a lock with a unique token; {@code GET}
 * again (another worker may have finished in between); run; {@code SET} the result with a TTL
 * ({@code SET EX}); release the lock with a compare-and-delete script ({@code EVALSHA}, loaded
 * once). Five round trips per first execution, one per duplicate. One thread-safe connection is
 * shared by all threads, as Lettuce recommends.
 *
 * <pre>{@code
 * try (HandWrittenRedisFlow orders = new HandWrittenRedisFlow("redis://127.0.0.1:6379")) {
 *   String receipt = orders.confirm("order-42");
 * }
 * }</pre>
 */
public final class HandWrittenRedisFlow implements AutoCloseable {

  /** Deletes the lock only if it still holds our token (it may have expired and moved on). */
  static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) "
          + "else return 0 end";

  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final String releaseSha;
  private final String owner = UUID.randomUUID().toString();
  private final AtomicLong tokens = new AtomicLong();

  /** Connects to {@code uri} and loads the release script. */
  public HandWrittenRedisFlow(String uri) {
    this.client = RedisClient.create(uri);
    this.connection = client.connect();
    this.redis = connection.sync();
    this.releaseSha = redis.scriptLoad(RELEASE);
  }

  /**
   * Returns the stored receipt of {@code orderId}, or confirms it under the lock and stores it for
   * 24 hours.
   *
   * @throws IllegalStateException if another worker holds the lock (a real flow would wait and
   *     poll; the benchmark never contends on a key, so this never happens there)
   */
  public String confirm(String orderId) {
    String key = key(orderId);
    String receipt = redis.get(key);
    if (receipt != null) {
      return receipt;
    }
    String token = lock(key);
    try {
      receipt = redis.get(key);
      if (receipt != null) {
        return receipt;
      }
      receipt = Receipts.confirm(orderId);
      redis.set(key, receipt, SetArgs.Builder.ex(86_400));
      return receipt;
    } finally {
      release(key, token);
    }
  }

  /**
   * The claim half of {@link #confirm} for a fresh id, alone, so that its server time can be
   * measured apart: {@code GET}, {@code SET NX PX}, {@code GET}.
   *
   * @return the lock token that {@link #complete} needs
   * @throws IllegalStateException if the id was not fresh
   */
  public String claim(String orderId) {
    String key = key(orderId);
    if (redis.get(key) != null) {
      throw new IllegalStateException("'" + key + "' is not fresh");
    }
    String token = lock(key);
    if (redis.get(key) != null) {
      throw new IllegalStateException("'" + key + "' was completed under our lock");
    }
    return token;
  }

  /** The complete half of {@link #confirm}: {@code SET EX} the receipt, release the lock. */
  public void complete(String orderId, String token, String receipt) {
    String key = key(orderId);
    redis.set(key, receipt, SetArgs.Builder.ex(86_400));
    release(key, token);
  }

  private static String key(String orderId) {
    return "hw:Orders.confirm:order:" + orderId;
  }

  private String lock(String key) {
    String token = owner + ':' + tokens.incrementAndGet();
    if (!"OK".equals(redis.set(key + ":lock", token, SetArgs.Builder.nx().px(30_000)))) {
      throw new IllegalStateException("'" + key + "' is in progress in another worker");
    }
    return token;
  }

  private void release(String key, String token) {
    redis.evalsha(releaseSha, ScriptOutputType.INTEGER, new String[] {key + ":lock"}, token);
  }

  /** One {@code GET}: the cheapest possible shared duplicate check, the baseline of case 3. */
  public String get(String key) {
    return redis.get(key);
  }

  /** One {@code SET}, to prepare what {@link #get} reads. */
  public void set(String key, String value) {
    redis.set(key, value);
  }

  /** The number of keys in the database, to check that another client wrote to it. */
  public long dbSize() {
    return redis.dbsize();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
