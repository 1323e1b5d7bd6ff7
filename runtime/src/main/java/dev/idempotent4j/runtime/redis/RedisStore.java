package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.CorruptRecordException;
import dev.idempotent4j.runtime.StoreUnavailableException;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.Fence;
import dev.idempotent4j.runtime.store.Lease;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.runtime.store.StoreOperations;
import dev.idempotent4j.runtime.store.StoredFailure;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

// Over 400 lines for a reason: a quarter of them document the public SharedStore contract, and
// what is left is one method per step (its argument checks and reply mapping). Connecting,
// sending, wake-ups and replica waits live in RedisClients, RedisCalls, RedisNotifications and
// RedisReplicas.
/**
 * The shared tier on Redis (Lettuce): a single server, Sentinel or Redis Cluster. Each {@link
 * SharedStore} method is one Lua script, one round trip ({@code renew}: one per Cluster slot, all
 * sent at once; a {@code claim} may first read the record with one {@code GET}, see {@link
 * RedisSettings.ReadBeforeClaim}); times are the Redis server's. The record format is described in
 * {@code record.lua} and the package documentation. One command connection and, from the first
 * {@link #onChange}, one pub/sub connection serve every caller; the store is thread-safe and never
 * blocks a thread longer than the command timeout.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.redis("redis://localhost:6379", Duration.ofSeconds(2));
 * Duration lease = Duration.ofSeconds(30);
 * Duration ttl = Duration.ofHours(24);
 * try (RedisStore store = RedisStore.connect(settings)) {
 *   Claim claim = store.claim(new ClaimRequest(key, null, "worker-1", lease, ttl));
 *   if (claim instanceof Claim.Claimed c) {
 *     store.complete(key, c.fence(), "{\"id\":42}", ttl);
 *   }
 * }
 * }</pre>
 *
 * <p>A timed-out write is never retried: its outcome is unknown and the caller gets a {@link
 * StoreUnavailableException}. The only retry is after {@code NOSCRIPT} (the server did not run the
 * script at all): the script is loaded and sent once more.
 */
public final class RedisStore implements SharedStore {

  /** The fence outlives the record by at least this much: see {@code claim.lua}. */
  private static final Duration FENCE_MARGIN = Duration.ofDays(1);

  /**
   * The longest failure message stored, in chars: a message is for people, and one of megabytes
   * would cost every replay what a huge result costs.
   */
  static final int MAX_MESSAGE_CHARS = 8_192;

  /** At most this many leases per renew script. */
  static final int RENEW_BATCH = 500;

  private final RedisSettings settings;
  private final RedisClients.Opened opened;
  private final RedisCalls calls;
  private final RedisNotifications notifications;
  private final RedisReplicas replicas;
  private final ClaimReads reads;
  private volatile boolean closed;

  // the owner escaped for the record, kept for the next claim: an engine claims with one owner
  private volatile String[] ownerEscaped = {"", ""};

  private RedisStore(RedisSettings settings, RedisClients.Opened opened) {
    this.settings = settings;
    this.opened = opened;
    this.calls =
        new RedisCalls(settings.timeout(), opened.scripts(), opened.strings(), this::checkOpen);
    this.notifications = new RedisNotifications(opened.pubSub(), calls);
    this.replicas = new RedisReplicas(settings, opened.nodeOf(), calls);
    this.reads = new ClaimReads(settings.readBeforeClaim());
  }

  /**
   * Connects to the Redis that {@code settings} names; the client reconnects in the background
   * after a connection drops. On a single server or Sentinel, a command that finds the connection
   * down fails at once (fail fast while Redis is away); on a Cluster it waits for the node's
   * connection up to the timeout.
   *
   * @throws StoreUnavailableException if Redis cannot be reached within the timeout
   */
  public static RedisStore connect(RedisSettings settings) {
    return new RedisStore(settings, RedisClients.open(settings));
  }

  /** The settings this store was connected with. */
  public RedisSettings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
   *
   * <p>With {@link RedisSettings#readBeforeClaim()} (per task by default, once duplicates
   * dominate), a plain {@code GET} of the record comes first and a finished record is answered from
   * it; anything else goes on to the claim script.
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout, or too few
   *     replicas acknowledged the claim ({@link RedisSettings#waitReplicas()}; it was released)
   * @throws CorruptRecordException if the value under the key is not an idempotent4j record
   * @throws IllegalArgumentException if the lease or ttl is not positive
   */
  @Override
  public Claim claim(ClaimRequest request) {
    String key = request.key();
    long leaseMillis = millis("lease", request.lease());
    long ttlMillis = millis("ttl", request.ttl());
    String fingerprint =
        request.fingerprint() == null ? "" : RedisRecord.escape(request.fingerprint());
    String recordKey = RedisKeys.record(key);
    int task = reads.task(key);
    boolean readFirst = reads.getFirst(task);
    if (readFirst) {
      String value = calls.get(key, recordKey);
      Claim finished = value == null ? null : replay(key, value, fingerprint);
      reads.found(task, finished != null);
      if (finished != null) {
        return finished;
      }
    }
    long fenceMillis = fenceMillis(Math.max(ttlMillis, leaseMillis));
    List<String> reply =
        calls.eval(
            RedisScript.CLAIM,
            key,
            new String[] {recordKey, RedisKeys.fence(key)},
            owner(request.owner()),
            fingerprint,
            Long.toString(leaseMillis),
            Long.toString(fenceMillis));
    Claim claim =
        switch (reply.get(0)) {
          case "claimed" ->
              replicated(
                  key,
                  new Fence(Long.parseLong(reply.get(1)), Integer.parseInt(reply.get(2))),
                  reply.size() > 3 && reply.get(3).equals("1"));
          case "done" -> {
            Claim answer = replay(key, reply.get(1), fingerprint);
            if (answer == null) {
              throw RedisCalls.unexpected(RedisScript.CLAIM, key, reply);
            }
            yield answer;
          }
          case "completed" -> new Claim.Completed(reply.get(1));
          case "failed" -> new Claim.Failed(new StoredFailure(reply.get(1), reply.get(2)));
          case "running" -> new Claim.InProgress(Duration.ofMillis(Long.parseLong(reply.get(1))));
          case "reused" -> new Claim.KeyReused();
          default -> throw RedisCalls.unexpected(RedisScript.CLAIM, key, reply);
        };
    if (!readFirst) { // a GET-first claim was counted above: it found no finished record
      reads.found(
          task,
          claim instanceof Claim.Completed
              || claim instanceof Claim.Failed
              || claim instanceof Claim.KeyReused);
    }
    return claim;
  }

  /** The answer of the finished record {@code value}; {@code null} when it is running. */
  private static Claim replay(String key, String value, String fingerprint) {
    try {
      return RedisRecord.replay(value, fingerprint);
    } catch (RedisRecord.Corrupt e) {
      throw RedisCalls.corrupt(key, RedisKeys.record(key), e.getMessage());
    }
  }

  private String owner(String owner) {
    String[] cached = ownerEscaped;
    if (cached[0].equals(owner)) {
      return cached[1];
    }
    String escaped = RedisRecord.escape(owner);
    ownerEscaped = new String[] {owner, escaped};
    return escaped;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Results past the engine's {@code max-result-size} never get here: the engine stores a
   * failure in their place. With {@link RedisSettings#waitReplicas()} set, the answer waits for
   * that many replicas.
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout (the outcome is
   *     then unknown: the record may or may not hold the result), or too few replicas acknowledged
   *     it (it is stored on the master)
   * @throws CorruptRecordException if the value under the key is not an idempotent4j record
   */
  @Override
  public Completion complete(String key, Fence fence, String resultJson, Duration ttl) {
    Objects.requireNonNull(resultJson, "resultJson");
    long ttlMillis = millis("ttl", ttl);
    Completion completion =
        completion(
            RedisScript.COMPLETE,
            key,
            calls.eval(
                RedisScript.COMPLETE,
                key,
                new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
                Long.toString(fence.token()),
                resultJson,
                Long.toString(ttlMillis),
                Long.toString(fenceMillis(ttlMillis)),
                Integer.toString(fence.attempt())));
    if (completion == Completion.ACCEPTED) {
      replicas.await("complete", key);
    }
    return completion;
  }

  /**
   * {@inheritDoc}
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout, or too few
   *     replicas acknowledged it (it is stored on the master)
   * @throws CorruptRecordException if the value under the key is not an idempotent4j record
   */
  @Override
  public Completion fail(String key, Fence fence, StoredFailure failure, Duration ttl) {
    Objects.requireNonNull(failure.type(), "failure.type");
    long ttlMillis = millis("ttl", ttl);
    Completion completion =
        completion(
            RedisScript.FAIL,
            key,
            eval(
                RedisScript.FAIL,
                key,
                new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
                Long.toString(fence.token()),
                RedisRecord.escape(failure.type()),
                failure.message() == null ? "" : RedisMessages.storedMessage(failure.message()),
                Long.toString(ttlMillis),
                Long.toString(fenceMillis(ttlMillis))));
    if (completion == Completion.ACCEPTED) {
      replicas.await("fail", key);
    }
    return completion;
  }

  /**
   * {@inheritDoc}
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout
   * @throws CorruptRecordException if the value under the key is not an idempotent4j record
   */
  @Override
  public Completion release(String key, Fence fence) {
    return completion(
        RedisScript.RELEASE,
        key,
        eval(
            RedisScript.RELEASE,
            key,
            new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
            Long.toString(fence.token())));
  }

  /**
   * {@inheritDoc}
   *
   * <p>On a single server or Sentinel this is one script call per {@value #RENEW_BATCH} leases; on
   * a Cluster the leases are grouped by hash slot (a script's keys must share one) and one call per
   * slot is sent. All calls leave at once, pipelined on each node's connection, so the renewal
   * costs about one round trip. A lease whose record is no longer ours counts as lost.
   *
   * @throws StoreUnavailableException if Redis does not answer within the timeout; leases may then
   *     have been extended or not
   */
  @Override
  public List<Lease> renew(List<Lease> leases, Duration lease) {
    if (leases.isEmpty()) {
      return List.of();
    }
    String leaseMillis = Long.toString(millis("lease", lease));
    Map<Integer, List<Lease>> slots = new LinkedHashMap<>();
    for (Lease held : leases) {
      int slot = opened.clustered() ? SlotHash.getSlot(RedisKeys.record(held.key())) : 0;
      slots.computeIfAbsent(slot, g -> new ArrayList<>()).add(held);
    }
    List<List<Lease>> groups = new ArrayList<>();
    for (List<Lease> slot : slots.values()) {
      // bounded scripts: Redis runs one script at a time, so a huge one would stall other clients
      for (int from = 0; from < slot.size(); from += RENEW_BATCH) {
        groups.add(slot.subList(from, Math.min(slot.size(), from + RENEW_BATCH)));
      }
    }
    List<RedisFuture<List<Object>>> sent = new ArrayList<>();
    List<String[]> keys = new ArrayList<>();
    List<String[]> args = new ArrayList<>();
    for (List<Lease> group : groups) {
      String[] groupKeys = new String[group.size()];
      String[] groupArgs = new String[group.size() + 1];
      groupArgs[0] = leaseMillis;
      for (int i = 0; i < group.size(); i++) {
        groupKeys[i] = RedisKeys.record(group.get(i).key());
        groupArgs[i + 1] = Long.toString(group.get(i).fence().token());
      }
      sent.add(calls.send(RedisScript.RENEW, groupKeys, groupArgs));
      keys.add(groupKeys);
      args.add(groupArgs);
    }
    List<Lease> lost = new ArrayList<>();
    for (int g = 0; g < sent.size(); g++) {
      List<Lease> group = groups.get(g);
      String label = group.get(0).key() + (group.size() > 1 ? " and " + (group.size() - 1) : "");
      List<String> reply =
          calls.reply(sent.get(g), RedisScript.RENEW, label, keys.get(g), args.get(g));
      for (String position : reply) {
        lost.add(group.get(Integer.parseInt(position) - 1));
      }
    }
    return List.copyOf(lost);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The listener runs on a Lettuce event-loop thread: it must return quickly and never block
   * (unpark a thread, complete a future). The first call opens the store's one pub/sub connection;
   * the store subscribes to a key's channel while it has listeners and waits for the subscription
   * to be confirmed before returning, so a change published afterwards is not missed (unless the
   * connection drops, hence the polling fallback).
   *
   * @throws StoreUnavailableException if the subscription is not confirmed within the timeout
   */
  @Override
  public AutoCloseable onChange(String key, Runnable listener) {
    checkOpen();
    return notifications.listen(key, listener);
  }

  /**
   * {@inheritDoc}
   *
   * <p>On Redis: {@code show} and {@code release} are one script each ({@code show.lua}, {@code
   * release-admin.lua}); {@code list} walks the keyspace with {@code SCAN MATCH} (on a Cluster, of
   * every master in turn), see {@link RedisOperations}.
   */
  @Override
  public Optional<StoreOperations> operations() {
    return Optional.of(new RedisOperations(this));
  }

  /** Closes both connections and the client; further calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    notifications.close();
    opened.connection().close();
    opened.client().shutdown(Duration.ZERO, settings.timeout());
    // not awaited: the connections and the client are closed; the event loops end on their own
    var unused =
        opened.resources().shutdown(0, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public String toString() {
    return "RedisStore[" + settings + "]";
  }

  /**
   * A fresh claim, once {@link RedisSettings#waitReplicas()} replicas have it. If they do not
   * acknowledge in time, the claim is released (a failover could lose it and let a second worker
   * run the task) and the caller gets {@link StoreUnavailableException}.
   */
  private Claim replicated(String key, Fence fence, boolean takeover) {
    try {
      replicas.await("claim", key);
    } catch (StoreUnavailableException e) {
      try {
        release(key, fence);
      } catch (RuntimeException releaseFailed) {
        e.addSuppressed(releaseFailed); // the lease runs out by itself
      }
      throw e;
    }
    return new Claim.Claimed(fence, takeover);
  }

  private Completion completion(RedisScript script, String key, List<String> reply) {
    return switch (reply.get(0)) {
      case "ok" -> Completion.ACCEPTED;
      case "lost" -> Completion.LEASE_LOST;
      default -> throw RedisCalls.unexpected(script, key, reply);
    };
  }

  /** Runs a script: see {@link RedisCalls#eval}. */
  List<String> eval(RedisScript script, String key, String[] keys, String... args) {
    return calls.eval(script, key, keys, args);
  }

  <T> T await(RedisFuture<T> future, String step, String key) {
    return calls.await(future, step, key);
  }

  /** The connections {@code SCAN} walks: the server, or every Cluster master. */
  List<RedisKeyAsyncCommands<String, String>> scanNodes() {
    checkOpen();
    try {
      return opened.scanNodes().get();
    } catch (RedisException e) {
      throw RedisCalls.unavailable("SCAN", "", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  /** How long the fence is kept for a record that lives {@code recordMillis}: a margin longer. */
  static long fenceMillis(long recordMillis) {
    return Math.addExact(recordMillis, FENCE_MARGIN.toMillis());
  }

  private static long millis(String name, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + duration);
    }
    return Math.max(1, duration.toMillis());
  }
}
