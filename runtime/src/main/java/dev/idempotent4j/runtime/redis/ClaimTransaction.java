package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.StoreUnavailableException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The claim without Lua, on Redis 7.0 or newer (a single server or Sentinel): one {@code MULTI} of
 * {@code SET <fence> NX GET PX} and {@code SET <record> NX GET PX}, the record's token the client's
 * clock. Where both were absent, that is the claim, as {@code claim.lua} would have written it (a
 * key never seen, or forgotten by both); everything else the store finishes with {@code claim.lua},
 * told what the transaction may have written (see {@code claim.lua}, "After a MULTI claim"). The
 * protocol is model-checked ({@code model/protocol.pml}, {@code -DMULTI_CLAIM}).
 *
 * <pre>{@code
 * ClaimTransaction.Sent sent = transaction.send(recordKey, fenceKey, record, fence, lease, keep);
 * }</pre>
 *
 * <p>A transaction is connection state, and Lettuce sends each command of a batch on its own, so
 * another thread's command could land inside a {@code MULTI} on the store's shared connection. This
 * class owns a second connection that only it uses, and sends each transaction's four commands
 * under a lock, flushed together: one round trip, no other command between them. The lock is held
 * while the commands are handed to Netty, never while waiting for the reply.
 */
final class ClaimTransaction {

  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

  private static final Pattern VERSION = Pattern.compile("(?m)^redis_version:(\\d+)\\.");

  private final StatefulRedisConnection<String, String> connection;
  private final RedisAsyncCommands<String, String> commands;
  private final Duration timeout;
  private final ReentrantLock sending = new ReentrantLock();
  private final AtomicLong lastToken = new AtomicLong();
  private volatile boolean refused;

  // Redis server time minus this JVM's clock, in µs, as measured at connect
  private final long serverOffsetMicros;

  private ClaimTransaction(
      StatefulRedisConnection<String, String> connection,
      long serverOffsetMicros,
      Duration timeout) {
    this.connection = connection;
    this.commands = connection.async();
    this.timeout = timeout;
    this.serverOffsetMicros = serverOffsetMicros;
    connection.setAutoFlushCommands(false);
  }

  /**
   * Redis {@code TIME} minus this JVM's clock, taken at the middle of the round trip: tokens of a
   * MULTI claim then read as the Lua claim's do, server time in microseconds (within half a round
   * trip and the two clocks' drift since).
   */
  private static OptionalLong serverOffset(
      RedisAsyncCommands<String, String> commands, Duration timeout) {
    long before = clockMicros();
    List<String> time;
    try {
      time = commands.time().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    } catch (ExecutionException | TimeoutException e) {
      return OptionalLong.empty();
    }
    long after = clockMicros();
    long server = Long.parseLong(time.get(0)) * 1_000_000 + Long.parseLong(time.get(1));
    return OptionalLong.of(server - (before + (after - before) / 2));
  }

  private static long clockMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /**
   * The transaction on a connection of its own to {@code uri}, or {@code null} when the server is
   * older than Redis 7.0 ({@code SET NX GET} is 7.0's) or does not answer {@code TIME}, whose
   * claims stay {@code claim.lua}'s. Valkey answers the Redis version it is compatible with (7.2
   * for Valkey 8 and 9).
   */
  static ClaimTransaction open(
      RedisClient client, RedisURI uri, String serverInfo, Duration timeout) {
    Matcher version = VERSION.matcher(serverInfo);
    if (!version.find() || Integer.parseInt(version.group(1)) < 7) {
      return null;
    }
    StatefulRedisConnection<String, String> connection =
        client.connect(StrictUtf8Codec.INSTANCE, uri);
    OptionalLong offset = serverOffset(connection.async(), timeout);
    if (offset.isEmpty()) { // a TIME renamed or forbidden: claims stay claim.lua's
      connection.close();
      return null;
    }
    return new ClaimTransaction(connection, offset.getAsLong(), timeout);
  }

  /**
   * A token for the next claim: Redis server time in microseconds since the epoch, as this JVM's
   * clock tells it (the offset measured at connect), and above every token this JVM took before (a
   * clock stepped back, or two claims in one microsecond). It is what {@code claim.lua} takes for a
   * key never seen, server time, so that a key whose fence is gone (expired a day or more after its
   * last claim, or lost by Redis) still gets a token above the ones handed out before.
   */
  long nextToken() {
    long micros = clockMicros() + serverOffsetMicros;
    return lastToken.accumulateAndGet(micros, (last, time) -> Math.max(last + 1, time));
  }

  /**
   * What the transaction found: the values that were under the fence and the record before it
   * ({@code null}: absent, so the transaction wrote its own there), or {@code undecided} when only
   * {@code claim.lua} can tell: the transaction did not run as one (a reconnect that resent it
   * without its {@code MULTI}: what it wrote is unknown), a value was not a string ({@code
   * WRONGTYPE}: a format-1 hash, or not ours), or the record is not valid UTF-8 (the script reports
   * it).
   */
  record Sent(String fence, String record, boolean undecided) {

    /** Both were absent: the transaction's record and fence are the claim. */
    boolean claimed() {
      return !undecided && fence == null && record == null;
    }
  }

  /**
   * Sends {@code MULTI; SET fenceKey fence NX GET PX fenceMillis; SET recordKey record NX GET PX
   * leaseMillis; EXEC} and waits for its reply.
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout or the connection
   *     is down; what the transaction wrote is then unknown
   */
  Sent send(
      String key,
      String recordKey,
      String fenceKey,
      String record,
      String fence,
      long leaseMillis,
      long fenceMillis) {
    RedisFuture<String> multi;
    RedisFuture<TransactionResult> exec;
    sending.lock();
    try {
      multi = commands.multi();
      var unusedFence = commands.setGet(fenceKey, fence, SetArgs.Builder.nx().px(fenceMillis));
      var unusedRecord = commands.setGet(recordKey, record, SetArgs.Builder.nx().px(leaseMillis));
      exec = commands.exec();
      connection.flushCommands();
    } catch (RedisException e) {
      // the connection's transaction state must not outlive this one: the next MULTI would add to
      // it
      var unusedDiscard = commands.discard();
      connection.flushCommands();
      throw RedisCalls.unavailable("the claim's MULTI", key, e);
    } finally {
      sending.unlock();
    }
    TransactionResult result;
    try {
      result = exec.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RedisCommandExecutionException refusal) {
        refusedBy(multi, refusal);
        return new Sent(null, null, true); // e.g. "EXEC without MULTI" after a resend
      }
      throw RedisCalls.unavailable("the claim's MULTI", key, e.getCause());
    } catch (TimeoutException e) {
      exec.cancel(false);
      throw new StoreUnavailableException(
          "Redis did not answer the claim's MULTI for key '"
              + key
              + "' within "
              + timeout
              + " (idempotent4j.timeout); its outcome is unknown",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exec.cancel(false);
      throw new StoreUnavailableException(
          "Interrupted while waiting for Redis (the claim's MULTI, key '" + key + "')", e);
    }
    if (result.wasDiscarded() || result.size() != 2) {
      return new Sent(null, null, true);
    }
    Object fenceBefore = result.get(0);
    Object recordBefore = result.get(1);
    if (fenceBefore instanceof Exception
        || recordBefore instanceof Exception
        || (recordBefore instanceof String text && StrictUtf8Codec.isMalformed(text))) {
      return new Sent(null, null, true);
    }
    return new Sent((String) fenceBefore, (String) recordBefore, false);
  }

  /** Whether claims still go through the transaction: false once Redis refused it. */
  boolean usable() {
    return !refused;
  }

  /**
   * After an error reply to {@code EXEC}: if Redis refuses the transaction itself (an ACL without
   * {@code MULTI} or {@code EXEC}, a renamed command), every later claim goes to {@code claim.lua}
   * directly rather than paying for a refused transaction first. Errors of one transaction's
   * commands are not a refusal ({@code EXECABORT} after a {@code READONLY} during a failover), nor
   * is a resend without its {@code MULTI}.
   */
  private void refusedBy(RedisFuture<String> multi, RedisCommandExecutionException refusal) {
    String message = String.valueOf(refusal.getMessage());
    boolean multiRefused = multi.toCompletableFuture().isCompletedExceptionally();
    if (!refused && (multiRefused || message.startsWith("NOPERM"))) {
      refused = true;
      LOG.log(
          System.Logger.Level.WARNING,
          "Redis refused the claim''s MULTI ({0}): claims go through claim.lua from now on, two"
              + " round trips for a key never seen where the MULTI takes one. Allow MULTI, EXEC"
              + " and SET to the idempotent4j user (Redis ACL) to keep them at one.",
          message);
    }
  }

  /** Closes the transaction's connection. */
  void close() {
    CompletableFuture<Void> closed = connection.closeAsync();
    closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> null).join();
  }
}
