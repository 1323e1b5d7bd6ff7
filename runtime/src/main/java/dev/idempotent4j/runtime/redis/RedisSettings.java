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

  /**
   * Whether a claim reads the record with a plain {@code GET} before its script: the setting {@code
   * redis.read-before-claim}. A duplicate is then answered by one native command, parsed in Java;
   * every other claim costs that round trip more.
   */
  public enum ReadBeforeClaim {
    /** Per task, once most recent claims found a finished record (the default). */
    AUTO,
    /** Every claim: for tasks whose calls are mostly duplicates. */
    ALWAYS,
    /** No claim: one script per claim, whatever it finds. */
    NEVER
  }

  /** The accepted forms of the {@code redis} setting, for error messages. */
  public static final String REDIS_FORMS = RedisUriSyntax.SINGLE_FORMS;

  /** The accepted forms of the {@code redis.cluster} setting, for error messages. */
  public static final String CLUSTER_FORMS = RedisUriSyntax.CLUSTER_FORMS;

  private final Mode mode;
  private final List<RedisURI> uris;
  private final Duration timeout;
  private final int waitReplicas;
  private final Duration waitTimeout;
  private final ReadBeforeClaim readBeforeClaim;

  private RedisSettings(Mode mode, List<RedisURI> uris, Duration timeout) {
    this(mode, uris, timeout, 0, null, ReadBeforeClaim.AUTO);
  }

  private RedisSettings(
      Mode mode,
      List<RedisURI> uris,
      Duration timeout,
      int waitReplicas,
      Duration waitTimeout,
      ReadBeforeClaim readBeforeClaim) {
    for (RedisURI uri : uris) {
      uri.setTimeout(timeout); // Lettuce's own command timeout; the store also bounds each wait
    }
    this.mode = mode;
    this.uris = List.copyOf(uris);
    this.timeout = timeout;
    this.waitReplicas = waitReplicas;
    this.waitTimeout = waitTimeout;
    this.readBeforeClaim = Objects.requireNonNull(readBeforeClaim, "readBeforeClaim");
  }

  /**
   * These settings, with claims, completions and cached failures acknowledged by {@code replicas}
   * replicas ({@code WAIT}) before the store reports them: the settings {@code redis.wait-replicas}
   * and {@code redis.wait-timeout}. Off ({@code 0}) by default.
   *
   * <p>With it, a failover to a replica cannot lose a claim the store reported (a second worker
   * would run the task beside the first) or an outcome (the key would run again). A claim that is
   * not acknowledged within {@code waitTimeout} is released and reported as {@link
   * dev.idempotent4j.runtime.StoreUnavailableException} (the task does not run, unless fail-mode is
   * open); an outcome that is not acknowledged stays stored on the master and is reported the same
   * way (the engine logs it). {@code WAIT} holds the store's one command connection, so every other
   * command waits behind it: keep replicas close.
   *
   * @param replicas how many replicas must acknowledge, {@code 0} for none (off)
   * @param waitTimeout how long to wait for them; {@code null} for half the {@link #timeout()}; at
   *     most the timeout
   * @throws IdempotencyConfigurationException if {@code replicas} is negative or {@code
   *     waitTimeout} is not positive or longer than the timeout
   */
  public RedisSettings withReplicaAcknowledgement(int replicas, Duration waitTimeout) {
    if (replicas < 0) {
      throw new IdempotencyConfigurationException(
          "idempotent4j.redis.wait-replicas = '"
              + replicas
              + "' is negative: use 0 (off) or the number of replicas that must acknowledge"
              + " each claim and outcome, e.g. 1");
    }
    Duration wait = waitTimeout == null ? timeout.dividedBy(2) : waitTimeout;
    if (wait.isNegative() || wait.isZero() || wait.compareTo(timeout) > 0) {
      throw new IdempotencyConfigurationException(
          "idempotent4j.redis.wait-timeout = '"
              + wait
              + "' must be positive and at most idempotent4j.timeout ("
              + timeout
              + "): WAIT is one Redis command and must answer within the timeout. Use e.g. "
              + timeout.dividedBy(2).toMillis()
              + "ms");
    }
    return new RedisSettings(mode, uris, timeout, replicas, wait, readBeforeClaim);
  }

  /**
   * These settings with another {@link ReadBeforeClaim}: the setting {@code
   * redis.read-before-claim}, {@link ReadBeforeClaim#AUTO} by default.
   */
  public RedisSettings withReadBeforeClaim(ReadBeforeClaim reads) {
    return new RedisSettings(mode, uris, timeout, waitReplicas, waitTimeout, reads);
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
    RedisURI parsed;
    try {
      parsed = parseSingle(uri.strip());
    } catch (IllegalArgumentException e) {
      throw notAUri("idempotent4j.redis", uri.strip(), e);
    }
    Mode mode = parsed.getSentinels().isEmpty() ? Mode.STANDALONE : Mode.SENTINEL;
    return new RedisSettings(mode, List.of(parsed), checkTimeout(timeout));
  }

  /**
   * Parses the {@code redis.cluster} setting: comma-separated seed URIs such as {@code
   * redis://h1:7000,redis://h2:7001} (or {@code rediss://} for TLS). A seed may omit its scheme
   * after the first ({@code redis://h1:7000,h2:7001}), as Lettuce allows.
   *
   * @throws IdempotencyConfigurationException if a seed does not parse, is a Sentinel URI, or the
   *     timeout is not positive
   */
  public static RedisSettings cluster(String seeds, Duration timeout) {
    List<RedisURI> uris = new ArrayList<>();
    String scheme = null;
    for (String part : seeds.split(",", -1)) {
      String seed = part.strip();
      if (seed.isEmpty()) {
        throw new IdempotencyConfigurationException(
            "idempotent4j.redis.cluster = '"
                + mask(seeds)
                + "' has an empty entry: list seed URIs separated by single commas,"
                + " e.g. redis://h1:7000,redis://h2:7001");
      }
      if (seed.startsWith("redis-sentinel:")) {
        throw new IdempotencyConfigurationException(
            "idempotent4j.redis.cluster = '"
                + mask(seeds)
                + "' contains a Sentinel URI: a Redis Cluster is reached through redis:// or"
                + " rediss:// seed nodes; put a Sentinel URI in idempotent4j.redis instead");
      }
      String full = seed.contains("://") || scheme == null ? seed : scheme + "://" + seed;
      try {
        uris.add(parseSeed(full));
      } catch (IllegalArgumentException e) {
        throw notAUri("idempotent4j.redis.cluster", seed, e);
      }
      scheme = full.substring(0, full.indexOf("://"));
    }
    return new RedisSettings(Mode.CLUSTER, uris, checkTimeout(timeout));
  }

  /**
   * Checks the {@code redis} setting without connecting: the same syntax {@link #redis} accepts.
   * For configuration code that reports errors in its own words.
   *
   * @return {@code uri}, stripped of surrounding blanks
   * @throws IllegalArgumentException saying what is wrong with the URI (without repeating it)
   */
  public static String checkRedis(String uri) {
    String stripped = uri.strip();
    parseSingle(stripped);
    return stripped;
  }

  /**
   * Checks the {@code redis.cluster} setting without connecting: the same syntax {@link #cluster}
   * accepts.
   *
   * @return the seeds, each with its scheme
   * @throws IllegalArgumentException saying which seed is wrong and why
   */
  public static List<String> checkClusterSeeds(String seeds) {
    List<String> checked = RedisUriSyntax.checkClusterSeeds(seeds);
    for (String seed : checked) {
      try {
        RedisURI.create(seed);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("seed '" + seed + "': " + e.getMessage(), e);
      }
    }
    return checked;
  }

  /** {@code text} with every URI password replaced by {@code ***}, for logs and messages. */
  public static String maskPasswords(String text) {
    return RedisUriSyntax.maskPasswords(text);
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

  /** How many replicas acknowledge each claim and outcome; {@code 0}: not waited for. */
  public int waitReplicas() {
    return waitReplicas;
  }

  /** How long {@code WAIT} waits for {@link #waitReplicas()}; {@code null} when that is 0. */
  public Duration waitTimeout() {
    return waitReplicas == 0 ? null : waitTimeout;
  }

  /** Whether claims read the record with a {@code GET} first. */
  public ReadBeforeClaim readBeforeClaim() {
    return readBeforeClaim;
  }

  @Override
  public String toString() {
    // RedisURI.toString() masks passwords
    return "RedisSettings["
        + mode
        + " "
        + uris
        + ", timeout "
        + timeout
        + (waitReplicas == 0 ? "" : ", wait for " + waitReplicas + " replicas " + waitTimeout)
        + (readBeforeClaim == ReadBeforeClaim.AUTO ? "" : ", read before claim " + readBeforeClaim)
        + "]";
  }

  private static RedisURI parseSingle(String value) {
    RedisUriSyntax.check(value, true);
    return lettuce(value);
  }

  private static RedisURI parseSeed(String value) {
    RedisUriSyntax.check(value, false);
    return lettuce(value);
  }

  private static RedisURI lettuce(String value) {
    RedisURI uri;
    try {
      uri = RedisURI.create(value);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    }
    if (uri.getHost() == null && uri.getSentinels().isEmpty() && uri.getSocket() == null) {
      throw new IllegalArgumentException("it has no host");
    }
    return uri;
  }

  private static IdempotencyConfigurationException notAUri(
      String setting, String value, IllegalArgumentException why) {
    return new IdempotencyConfigurationException(
        setting
            + " = '"
            + mask(value)
            + "' is not a Redis URI ("
            + why.getMessage()
            + "): use redis://[user:password@]host:port[/db], rediss://... for TLS, or"
            + " redis-sentinel://h1:26379,h2:26379/0#mymaster",
        why);
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
    return RedisUriSyntax.maskPasswords(value);
  }
}
