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
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The shared tier on Redis (Lettuce): a single server, Sentinel or Redis Cluster. Each {@link
 * SharedStore} method is one Lua script, one round trip ({@code renew}: one per Cluster slot, all
 * sent at once); times are the Redis server's. One command connection and, from the first {@link
 * #onChange}, one pub/sub connection serve every caller; the store is thread-safe and never blocks
 * a thread longer than the command timeout.
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
  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());

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
  private final Duration timeout;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, String> connection;
  private final RedisScriptingAsyncCommands<String, String> commands;
  private final boolean clustered;
  private final Supplier<StatefulRedisPubSubConnection<String, String>> pubSubFactory;
  private final Function<String, BaseRedisAsyncCommands<String, String>> nodeOf;
  private final Supplier<List<RedisKeyAsyncCommands<String, String>>> scanNodes;

  private final ReentrantLock pubSubLock = new ReentrantLock();
  private volatile StatefulRedisPubSubConnection<String, String> pubSub;
  private final ConcurrentHashMap<String, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private RedisStore(
      RedisSettings settings,
      ClientResources resources,
      AbstractRedisClient client,
      StatefulConnection<String, String> connection,
      RedisScriptingAsyncCommands<String, String> commands,
      boolean clustered,
      Supplier<StatefulRedisPubSubConnection<String, String>> pubSubFactory,
      Function<String, BaseRedisAsyncCommands<String, String>> nodeOf,
      Supplier<List<RedisKeyAsyncCommands<String, String>>> scanNodes) {
    this.settings = settings;
    this.scanNodes = scanNodes;
    this.nodeOf = nodeOf;
    this.timeout = settings.timeout();
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
    this.clustered = clustered;
    this.pubSubFactory = pubSubFactory;
  }

  /**
   * Connects to the Redis that {@code settings} names; the client reconnects in the background
   * after a connection drops. On a single server or Sentinel, a command that finds the connection
   * down fails at once (fail fast while Redis is away); on a Cluster it waits for the node's
   * connection up to the timeout.
   *
   * @throws StoreUnavailableException if Redis cannot be reached within the timeout
   */
  // Lettuce 7 deprecates the adaptive refresh triggers without a replacement yet; they are still
  // what reacts at once to MOVED/ASK redirects and failed-over masters.
  @SuppressWarnings("deprecation")
  public static RedisStore connect(RedisSettings settings) {
    Duration timeout = settings.timeout();
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    List<RedisURI> uris = settings.uris();
    AbstractRedisClient client = null;
    try {
      if (settings.mode() == RedisSettings.Mode.CLUSTER) {
        RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
        client = cluster;
        cluster.setOptions(
            ClusterClientOptions.builder()
                .socketOptions(socket)
                .timeoutOptions(timeouts)
                // node connections open lazily on first use, and REJECT_COMMANDS would refuse
                // commands while one is still connecting; they wait at most the timeout instead
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                .topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder()
                        .enablePeriodicRefresh(Duration.ofSeconds(30))
                        .enableAllAdaptiveRefreshTriggers()
                        .build())
                .build());
        StatefulRedisClusterConnection<String, String> connection =
            cluster.connect(StrictUtf8Codec.INSTANCE);
        RedisStore store =
            new RedisStore(
                settings,
                resources,
                cluster,
                connection,
                connection.async(),
                true,
                () -> cluster.connectPubSub(StringCodec.UTF8),
                key -> masterOf(connection, key).async(),
                () -> List.copyOf(new TreeMap<>(masters(connection)).values()));
        RedisDurability.check(() -> masters(connection), timeout);
        return store;
      }
      RedisClient single = RedisClient.create(resources);
      client = single;
      single.setOptions(
          ClientOptions.builder()
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      RedisURI uri = uris.get(0);
      StatefulRedisConnection<String, String> connection =
          single.connect(StrictUtf8Codec.INSTANCE, uri);
      RedisStore store =
          new RedisStore(
              settings,
              resources,
              single,
              connection,
              connection.async(),
              false,
              () -> single.connectPubSub(StringCodec.UTF8, uri),
              key -> connection.async(),
              () -> List.of(connection.async()));
      String where = uri.getHost() != null ? uri.getHost() + ":" + uri.getPort() : uri.toString();
      RedisDurability.check(() -> Map.of(where, connection.async()), timeout);
      return store;
    } catch (RedisException e) {
      if (client != null) {
        client.shutdown(Duration.ZERO, timeout);
      }
      // not awaited: its quiet period would hold the connect error back by seconds
      var unused = resources.shutdown();
      throw new StoreUnavailableException(
          "Cannot connect to Redis at "
              + settings.uris()
              + " within "
              + timeout
              + ": "
              + e.getMessage()
              + ". Check idempotent4j.redis / idempotent4j.redis.cluster and that Redis runs.",
          e);
    }
  }

  /** The settings this store was connected with. */
  public RedisSettings settings() {
    return settings;
  }

  /**
   * {@inheritDoc}
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
    long fenceMillis = fenceMillis(Math.max(ttlMillis, leaseMillis));
    List<String> reply =
        eval(
            RedisScript.CLAIM,
            key,
            new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
            request.owner(),
            request.fingerprint() == null ? "" : request.fingerprint(),
            Long.toString(leaseMillis),
            Long.toString(fenceMillis));
    return switch (reply.get(0)) {
      case "claimed" ->
          replicated(
              key,
              new Fence(Long.parseLong(reply.get(1)), Integer.parseInt(reply.get(2))),
              reply.size() > 3 && reply.get(3).equals("1"));
      case "completed" -> new Claim.Completed(reply.get(1));
      case "failed" -> new Claim.Failed(new StoredFailure(reply.get(1), reply.get(2)));
      case "running" -> new Claim.InProgress(Duration.ofMillis(Long.parseLong(reply.get(1))));
      case "reused" -> new Claim.KeyReused();
      default -> throw unexpected(RedisScript.CLAIM, key, reply);
    };
  }

  /**
   * {@inheritDoc}
   *
   * <p>A result of more than {@link RedisSettings#maxResultSize()} bytes of UTF-8 is not stored:
   * the record gets a cached failure of type {@code dev.idempotent4j.ResultTooLarge} that says so
   * (a WARNING is logged), since the task ran and storing nothing would let it run again. With
   * {@link RedisSettings#waitReplicas()} set, the answer waits for that many replicas.
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
    long size = utf8Length(resultJson, settings.maxResultSize());
    if (size > settings.maxResultSize()) {
      // The task ran: storing nothing (or releasing) would let the key run again. The outcome is
      // kept as a failure that says why, so duplicates elsewhere do not run it a second time.
      LOG.log(System.Logger.Level.WARNING, RedisMessages.resultTooLarge(key, size, settings));
      return fail(
          key,
          fence,
          new StoredFailure(
              RedisMessages.RESULT_TOO_LARGE, RedisMessages.resultNotStored(size, settings)),
          ttl);
    }
    Completion completion =
        completion(
            RedisScript.COMPLETE,
            key,
            eval(
                RedisScript.COMPLETE,
                key,
                new String[] {RedisKeys.record(key), RedisKeys.fence(key)},
                Long.toString(fence.token()),
                resultJson,
                Long.toString(ttlMillis),
                RedisKeys.channel(key),
                Long.toString(fenceMillis(ttlMillis))));
    if (completion == Completion.ACCEPTED) {
      awaitReplicas("complete", key);
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
                failure.type(),
                failure.message() == null ? "" : RedisMessages.storedMessage(failure.message()),
                Long.toString(ttlMillis),
                RedisKeys.channel(key),
                Long.toString(fenceMillis(ttlMillis))));
    if (completion == Completion.ACCEPTED) {
      awaitReplicas("fail", key);
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
            Long.toString(fence.token()),
            RedisKeys.channel(key)));
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
      int slot = clustered ? SlotHash.getSlot(RedisKeys.record(held.key())) : 0;
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
    List<List<Lease>> order = new ArrayList<>();
    for (List<Lease> group : groups) {
      String[] keys = new String[group.size()];
      String[] args = new String[group.size() + 1];
      args[0] = leaseMillis;
      for (int i = 0; i < group.size(); i++) {
        keys[i] = RedisKeys.record(group.get(i).key());
        args[i + 1] = Long.toString(group.get(i).fence().token());
      }
      sent.add(send(RedisScript.RENEW, keys, args));
      order.add(group);
    }
    List<Lease> lost = new ArrayList<>();
    for (int g = 0; g < sent.size(); g++) {
      List<Lease> group = order.get(g);
      String label = group.get(0).key() + (group.size() > 1 ? " and " + (group.size() - 1) : "");
      List<String> reply;
      try {
        reply = strings(await(sent.get(g), RedisScript.RENEW, label));
      } catch (RedisNoScriptException e) {
        reply =
            strings(reload(RedisScript.RENEW, label, keysOf(group), argsOf(group, leaseMillis)));
      }
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
    String channel = RedisKeys.channel(key);
    Listener registered = new Listener(listener);
    StatefulRedisPubSubConnection<String, String> pubSub = pubSub();
    AtomicReference<RedisFuture<Void>> subscribed = new AtomicReference<>();
    listeners.compute(
        channel,
        (name, set) -> {
          Set<Listener> present = set == null ? new CopyOnWriteArraySet<>() : set;
          if (present.isEmpty()) {
            // issued inside compute: SUBSCRIBE/UNSUBSCRIBE leave in the order the map changes
            subscribed.set(pubSub.async().subscribe(name));
          }
          present.add(registered);
          return present;
        });
    if (subscribed.get() != null) {
      try {
        await(subscribed.get(), "SUBSCRIBE", key);
      } catch (RuntimeException e) {
        remove(channel, registered);
        throw e;
      }
    }
    return () -> remove(channel, registered);
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
    StatefulRedisPubSubConnection<String, String> subscriber = pubSub;
    if (subscriber != null) {
      subscriber.close();
    }
    connection.close();
    client.shutdown(Duration.ZERO, timeout);
    // not awaited: the connections and the client are closed; the event loops end on their own
    var unused = resources.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
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
      awaitReplicas("claim", key);
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

  /**
   * {@code WAIT}s until the configured number of replicas have every write this connection sent
   * (the step's included). The command goes to the node of {@code key}, on the connection that sent
   * the step.
   *
   * @throws StoreUnavailableException if fewer replicas acknowledge within the wait timeout
   */
  private void awaitReplicas(String step, String key) {
    int replicas = settings.waitReplicas();
    if (replicas == 0) {
      return;
    }
    RedisFuture<Long> acknowledged;
    try {
      acknowledged =
          nodeOf.apply(key).waitForReplication(replicas, settings.waitTimeout().toMillis());
    } catch (RedisException e) {
      throw unavailable("WAIT", key, e);
    }
    long count = await(acknowledged, "WAIT", key);
    if (count < replicas) {
      throw new StoreUnavailableException(RedisMessages.notReplicated(step, key, count, settings));
    }
  }

  /** The UTF-8 length of {@code text}, counted exactly only when it could exceed {@code max}. */
  static long utf8Length(String text, long max) {
    int chars = text.length();
    if ((long) chars * 3 <= max) {
      return chars; // at most 3 bytes per char: cannot exceed, the exact count is not needed
    }
    long bytes = 0;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < chars
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static StatefulRedisConnection<String, String> masterOf(
      StatefulRedisClusterConnection<String, String> connection, String key) {
    RedisClusterNode master =
        connection.getPartitions().getMasterBySlot(SlotHash.getSlot(RedisKeys.record(key)));
    if (master == null) {
      throw new RedisException("no node serves the slot of key '" + key + "'");
    }
    // the slot's master by host and port: the very connection Lettuce routes key commands on
    // (PooledClusterConnectionProvider.getWriteConnection); by node id it would open another one,
    // whose WAIT would not cover the step's write
    return connection.getConnection(master.getUri().getHost(), master.getUri().getPort());
  }

  /** Every master's own connection, by {@code host:port}. */
  private static Map<String, RedisAsyncCommands<String, String>> masters(
      StatefulRedisClusterConnection<String, String> connection) {
    Map<String, RedisAsyncCommands<String, String>> masters = new LinkedHashMap<>();
    for (RedisClusterNode node : connection.getPartitions()) {
      if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
        masters.put(
            node.getUri().getHost() + ":" + node.getUri().getPort(),
            connection.getConnection(node.getUri().getHost(), node.getUri().getPort()).async());
      }
    }
    return masters;
  }

  private Completion completion(RedisScript script, String key, List<String> reply) {
    return switch (reply.get(0)) {
      case "ok" -> Completion.ACCEPTED;
      case "lost" -> Completion.LEASE_LOST;
      default -> throw unexpected(script, key, reply);
    };
  }

  /** Runs a script by SHA1; on NOSCRIPT loads it and runs it once more (it did not run before). */
  List<String> eval(RedisScript script, String key, String[] keys, String... args) {
    List<String> reply;
    try {
      reply = strings(await(send(script, keys, args), script, key));
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
        // only completed and failed records answer stored text: result, type, message
        throw corrupt(
            key,
            RedisKeys.record(key),
            "holds a stored result or failure that is not valid UTF-8 text");
      }
    }
    return reply;
  }

  /** The value under {@code redisKey} is not an idempotent4j record or fence: {@code what}. */
  private static CorruptRecordException corrupt(String key, String redisKey, String what) {
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
            + " redis-cli (TYPE / HGETALL '"
            + redisKey
            + "') and delete it if it is stale"
            + (where.equals(key) ? "" : " (it belongs to task key '" + where + "')")
            + ".",
        null);
  }

  private List<Object> reload(RedisScript script, String key, String[] keys, String[] args) {
    LOG.log(
        System.Logger.Level.DEBUG,
        "Redis does not know script {0} (restart or SCRIPT FLUSH); loading it",
        script.file());
    String sha = await(commands.scriptLoad(script.text()), "SCRIPT LOAD", key);
    if (!sha.equals(script.sha1())) {
      throw new IllegalStateException(
          "Redis hashed " + script.file() + " to " + sha + ", expected " + script.sha1());
    }
    try {
      return await(send(script, keys, args), script, key);
    } catch (RedisNoScriptException e) {
      // e.g. a Cluster node that was failed over between the two commands: not retried again
      throw new StoreUnavailableException(
          "Redis lost script " + script.file() + " right after loading it (key '" + key + "')", e);
    }
  }

  private RedisFuture<List<Object>> send(RedisScript script, String[] keys, String[] args) {
    checkOpen();
    try {
      return commands.evalsha(script.sha1(), ScriptOutputType.MULTI, keys, args);
    } catch (RedisException e) {
      throw unavailable(script.file(), keys.length > 0 ? RedisKeys.taskKey(keys[0]) : "", e);
    }
  }

  private <T> T await(RedisFuture<T> future, RedisScript script, String key) {
    return await(future, script.file(), key);
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

  private StoreUnavailableException unavailable(String step, String key, Throwable cause) {
    return new StoreUnavailableException(
        "Redis failed " + step + " for key '" + key + "': " + cause.getMessage(), cause);
  }

  private IllegalStateException unexpected(RedisScript script, String key, List<String> reply) {
    return new IllegalStateException(
        script.file() + " answered " + reply + " for key '" + key + "': a bug in idempotent4j");
  }

  private StatefulRedisPubSubConnection<String, String> pubSub() {
    StatefulRedisPubSubConnection<String, String> current = pubSub;
    if (current != null) {
      return current;
    }
    pubSubLock.lock();
    try {
      if (pubSub == null) {
        StatefulRedisPubSubConnection<String, String> opened;
        try {
          opened = pubSubFactory.get();
        } catch (RedisException e) {
          throw unavailable("a pub/sub connection", "", e);
        }
        opened.addListener(
            new RedisPubSubAdapter<>() {
              @Override
              public void message(String channel, String message) {
                wake(channel);
              }
            });
        pubSub = opened;
      }
      return pubSub;
    } finally {
      pubSubLock.unlock();
    }
  }

  private void wake(String channel) {
    Set<Listener> set = listeners.get(channel);
    if (set == null) {
      return;
    }
    for (Listener listener : set) {
      try {
        listener.action.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "A change listener of " + channel + " failed", e);
      }
    }
  }

  private void remove(String channel, Listener registered) {
    listeners.computeIfPresent(
        channel,
        (name, set) -> {
          set.remove(registered);
          if (set.isEmpty()) {
            StatefulRedisPubSubConnection<String, String> subscriber = pubSub;
            if (subscriber != null && !closed) {
              // best effort, not awaited: a stray message is harmless
              var unused = subscriber.async().unsubscribe(name);
            }
            return null;
          }
          return set;
        });
  }

  /** The connections {@code SCAN} walks: the server, or every Cluster master. */
  List<RedisKeyAsyncCommands<String, String>> scanNodes() {
    checkOpen();
    try {
      return scanNodes.get();
    } catch (RedisException e) {
      throw unavailable("SCAN", "", e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(this + " is closed");
    }
  }

  private static String[] keysOf(List<Lease> group) {
    return group.stream().map(l -> RedisKeys.record(l.key())).toArray(String[]::new);
  }

  private static String[] argsOf(List<Lease> group, String leaseMillis) {
    String[] args = new String[group.size() + 1];
    args[0] = leaseMillis;
    for (int i = 0; i < group.size(); i++) {
      args[i + 1] = Long.toString(group.get(i).fence().token());
    }
    return args;
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

  private static List<String> strings(List<Object> reply) {
    List<String> out = new ArrayList<>(reply.size());
    for (Object element : reply) {
      out.add(String.valueOf(element));
    }
    return out;
  }

  /** A registration; its own identity, so one Runnable may listen twice. */
  private static final class Listener {
    final Runnable action;

    Listener(Runnable action) {
      this.action = action;
    }
  }
}
