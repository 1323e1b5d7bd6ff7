package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.async.RedisKeyAsyncCommands;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.async.RedisStringAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Lettuce side of {@link RedisStore#connect}: the client for a single server, Sentinel or a
 * Cluster, its options, the command connection and how to reach a key's node, every master and a
 * pub/sub connection.
 *
 * <pre>{@code
 * RedisClients.Opened opened = RedisClients.open(settings);
 * }</pre>
 */
final class RedisClients {
  private RedisClients() {}

  /** What a connected store holds. */
  record Opened(
      ClientResources resources,
      AbstractRedisClient client,
      StatefulConnection<String, String> connection,
      RedisScriptingAsyncCommands<String, String> scripts,
      RedisStringAsyncCommands<String, String> strings,
      boolean clustered,
      Supplier<StatefulRedisPubSubConnection<String, String>> pubSub,
      Function<String, BaseRedisAsyncCommands<String, String>> nodeOf,
      Supplier<List<RedisKeyAsyncCommands<String, String>>> scanNodes) {}

  /**
   * Connects, checks each master's durability settings ({@link RedisDurability}) and answers the
   * connection.
   *
   * @throws StoreUnavailableException if Redis cannot be reached within the timeout
   */
  // Lettuce 7 deprecates the adaptive refresh triggers without a replacement yet; they are still
  // what reacts at once to MOVED/ASK redirects and failed-over masters.
  @SuppressWarnings("deprecation")
  static Opened open(RedisSettings settings) {
    Duration timeout = settings.timeout();
    ClientResources resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).keepAlive(true).build();
    // No per-command timer in Lettuce: every call waits for its reply with the timeout itself and
    // cancels a command it gave up on (RedisCalls.await), so a timer per command (a timeout object
    // and a wheel entry each, on every claim and complete) would only do that work twice.
    TimeoutOptions timeouts = TimeoutOptions.builder().timeoutCommands(false).build();
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
        Opened opened =
            new Opened(
                resources,
                cluster,
                connection,
                connection.async(),
                connection.async(),
                true,
                () -> cluster.connectPubSub(StringCodec.UTF8),
                key -> masterOf(connection, key).async(),
                () -> List.copyOf(new TreeMap<>(masters(connection)).values()));
        RedisDurability.check(() -> masters(connection), timeout);
        return opened;
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
      Opened opened =
          new Opened(
              resources,
              single,
              connection,
              connection.async(),
              connection.async(),
              false,
              () -> single.connectPubSub(StringCodec.UTF8, uri),
              key -> connection.async(),
              () -> List.of(connection.async()));
      String where = uri.getHost() != null ? uri.getHost() + ":" + uri.getPort() : uri.toString();
      RedisDurability.check(() -> Map.of(where, connection.async()), timeout);
      return opened;
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
}
