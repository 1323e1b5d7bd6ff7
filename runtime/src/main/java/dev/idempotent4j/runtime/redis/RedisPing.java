package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.StoreUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.BaseRedisCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks that the Redis of the {@code redis} / {@code redis.cluster} settings answers, with a
 * {@code PING} on a connection of its own: for health checks, which must not write records. It
 * connects at the first {@link #ping()} and keeps the connection until {@link #close()}; a ping on
 * a dropped connection fails and the next one reconnects.
 *
 * <p>It reports whether this JVM reaches that Redis, not the state of the engine's own connection
 * (the engine does not expose it yet).
 *
 * <pre>{@code
 * try (RedisPing ping = RedisPing.to(RedisSettings.redis("redis://cache:6379", Duration.ofSeconds(2)))) {
 *   Duration roundTrip = ping.ping();
 * }
 * }</pre>
 */
public final class RedisPing implements AutoCloseable {

  private final RedisSettings settings;
  // A lock, not synchronized: connecting blocks up to the timeout.
  private final ReentrantLock lock = new ReentrantLock();
  private AbstractRedisClient client;
  private StatefulConnection<String, String> connection;
  private boolean closed;

  private RedisPing(RedisSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** A ping of the Redis that {@code settings} name; connects at the first {@link #ping()}. */
  public static RedisPing to(RedisSettings settings) {
    return new RedisPing(settings);
  }

  /** What is pinged, with passwords masked: {@code redis://cache:6379}. */
  public String target() {
    return settings.toString();
  }

  /**
   * Sends {@code PING} and waits for the answer, at most the settings' timeout.
   *
   * @return the round trip, connecting included when it had to connect
   * @throws StoreUnavailableException if Redis cannot be reached or does not answer in time
   * @throws IllegalStateException after {@link #close()}
   */
  public Duration ping() {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("RedisPing is closed");
      }
      long start = System.nanoTime();
      try {
        String reply = commands().ping();
        if (!"PONG".equals(reply)) {
          throw new StoreUnavailableException("Redis answered PING with '" + reply + "'");
        }
      } catch (RedisException e) {
        disconnect(); // the next ping reconnects rather than reusing a broken connection
        throw new StoreUnavailableException(
            "Redis at " + target() + " does not answer PING: " + e.getMessage(), e);
      }
      return Duration.ofNanos(System.nanoTime() - start);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      disconnect();
    } finally {
      lock.unlock();
    }
  }

  private BaseRedisCommands<String, String> commands() {
    if (connection == null) {
      connect();
    }
    if (connection instanceof StatefulRedisClusterConnection<String, String> cluster) {
      return cluster.sync();
    }
    if (connection instanceof StatefulRedisConnection<String, String> single) {
      return single.sync();
    }
    throw new IllegalStateException("unexpected connection " + connection);
  }

  private void connect() {
    Duration timeout = settings.timeout();
    SocketOptions socket = SocketOptions.builder().connectTimeout(timeout).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(timeout);
    if (settings.mode() == RedisSettings.Mode.CLUSTER) {
      RedisClusterClient cluster = RedisClusterClient.create(settings.uris());
      client = cluster;
      cluster.setOptions(
          ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts).build());
      connection = cluster.connect(StringCodec.UTF8);
    } else {
      RedisClient single = RedisClient.create();
      client = single;
      single.setOptions(
          ClientOptions.builder()
              .socketOptions(socket)
              .timeoutOptions(timeouts)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      connection = single.connect(StringCodec.UTF8, settings.uris().get(0));
    }
  }

  private void disconnect() {
    if (connection != null) {
      connection.close();
      connection = null;
    }
    if (client != null) {
      client.shutdown(Duration.ZERO, settings.timeout());
      client = null;
    }
  }
}
