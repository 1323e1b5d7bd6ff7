package dev.idempotent4j.runtime.redis;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the shared tier lives and how long a command may take: the settings {@code redis} (one URI:
 * standalone or Sentinel) or {@code redis.cluster} (seed URIs of a Redis Cluster), and {@code
 * timeout}. Parsed once at start-up; a value that does not parse fails with an {@link
 * IdempotencyConfigurationException} naming the setting.
 *
 * <pre>{@code
 * Duration timeout = Duration.ofSeconds(2);
 * RedisSettings single = RedisSettings.redis("rediss://app:secret@cache:6380/2", timeout);
 * RedisSettings cluster = RedisSettings.cluster("redis://h1:7000,redis://h2:7001", timeout);
 * // empty when neither is set: no shared tier
 * Optional<RedisSettings> maybe = RedisSettings.from(redisValue, clusterValue, timeout);
 * }</pre>
 */
public final class RedisSettings {

  /** How the store connects. */
  public enum Mode {
    /** One server ({@code redis://}, {@code rediss://}, {@code redis-socket://}). */
    STANDALONE,
    /** The master that Sentinel names ({@code redis-sentinel://}). */
    SENTINEL,
    /** A Redis Cluster, discovered from seed nodes. */
    CLUSTER
  }

  private final Mode mode;
  private final List<RedisURI> uris;
  private final Duration timeout;

  private RedisSettings(Mode mode, List<RedisURI> uris, Duration timeout) {
    for (RedisURI uri : uris) {
      uri.setTimeout(timeout); // Lettuce's own command timeout; the store also bounds each wait
    }
    this.mode = mode;
    this.uris = List.copyOf(uris);
    this.timeout = timeout;
  }

  /**
   * Reads the two mutually exclusive settings; at most one may be set.
   *
   * @param redis the {@code redis} setting, or {@code null}/blank when unset
   * @param redisCluster the {@code redis.cluster} setting, or {@code null}/blank when unset
   * @param timeout the {@code timeout} setting (Redis command timeout)
   * @return the settings, or empty when neither is set (the shared tier is off)
   * @throws IdempotencyConfigurationException if both are set or a value does not parse
   */
  public static Optional<RedisSettings> from(String redis, String redisCluster, Duration timeout) {
    boolean hasRedis = redis != null && !redis.isBlank();
    boolean hasCluster = redisCluster != null && !redisCluster.isBlank();
    if (hasRedis && hasCluster) {
      throw new IdempotencyConfigurationException(
          "idempotent4j.redis = '"
              + mask(redis)
              + "' and idempotent4j.redis.cluster = '"
              + mask(redisCluster)
              + "' are both set: set only one (redis.cluster for a Redis Cluster, redis for a"
              + " single server or Sentinel)");
    }
    if (hasRedis) {
      return Optional.of(redis(redis, timeout));
    }
    if (hasCluster) {
      return Optional.of(cluster(redisCluster, timeout));
    }
    return Optional.empty();
  }

  /**
   * Parses the {@code redis} setting: {@code redis://[user:password@]host:port[/db]}, {@code
   * rediss://...} (TLS) or {@code redis-sentinel://h1:26379,h2:26379/0#mymaster}.
   *
   * @throws IdempotencyConfigurationException if the URI does not parse or the timeout is not
   *     positive
   */
  public static RedisSettings redis(String uri, Duration timeout) {
    RedisURI parsed = parse("idempotent4j.redis", uri.strip());
    Mode mode = parsed.getSentinels().isEmpty() ? Mode.STANDALONE : Mode.SENTINEL;
    return new RedisSettings(mode, List.of(parsed), checkTimeout(timeout));
  }

  /**
   * Parses the {@code redis.cluster} setting: comma-separated seed URIs such as {@code
   * redis://h1:7000,redis://h2:7001} (or {@code rediss://} for TLS).
   *
   * @throws IdempotencyConfigurationException if a seed does not parse, is a Sentinel URI, or the
   *     timeout is not positive
   */
  public static RedisSettings cluster(String seeds, Duration timeout) {
    List<RedisURI> uris = new ArrayList<>();
    for (String seed : seeds.split(",")) {
      if (seed.isBlank()) {
        throw new IdempotencyConfigurationException(
            "idempotent4j.redis.cluster = '"
                + mask(seeds)
                + "' has an empty entry: list seed URIs separated by single commas,"
                + " e.g. redis://h1:7000,redis://h2:7001");
      }
      RedisURI uri = parse("idempotent4j.redis.cluster", seed.strip());
      if (!uri.getSentinels().isEmpty()) {
        throw new IdempotencyConfigurationException(
            "idempotent4j.redis.cluster = '"
                + mask(seeds)
                + "' contains a Sentinel URI: a Redis Cluster is reached through redis:// or"
                + " rediss:// seed nodes; put a Sentinel URI in idempotent4j.redis instead");
      }
      uris.add(uri);
    }
    return new RedisSettings(Mode.CLUSTER, uris, checkTimeout(timeout));
  }

  /** How the store connects. */
  public Mode mode() {
    return mode;
  }

  /** The parsed URI(s): one for standalone and Sentinel, the seeds for a Cluster. */
  public List<RedisURI> uris() {
    return uris;
  }

  /** How long one command may take before the store gives up with the outcome unknown. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    // RedisURI.toString() masks passwords
    return "RedisSettings[" + mode + " " + uris + ", timeout " + timeout + "]";
  }

  private static RedisURI parse(String setting, String value) {
    try {
      RedisURI uri = RedisURI.create(value);
      if (uri.getHost() == null && uri.getSentinels().isEmpty() && uri.getSocket() == null) {
        throw new IllegalArgumentException("no host");
      }
      return uri;
    } catch (RuntimeException e) {
      throw new IdempotencyConfigurationException(
          setting
              + " = '"
              + mask(value)
              + "' is not a Redis URI ("
              + e.getMessage()
              + "): use redis://[user:password@]host:port[/db], rediss://... for TLS, or"
              + " redis-sentinel://h1:26379,h2:26379/0#mymaster",
          e);
    }
  }

  private static Duration checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IdempotencyConfigurationException(
          "idempotent4j.timeout = '" + timeout + "' is not positive: use e.g. 2s or 500ms");
    }
    return timeout;
  }

  /** Quotes a setting without its password. */
  static String mask(String value) {
    return value.replaceAll("(://[^:@/,]*):[^@/,]*@", "$1:***@");
  }
}
