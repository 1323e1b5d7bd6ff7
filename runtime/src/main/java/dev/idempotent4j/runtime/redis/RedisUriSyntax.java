package dev.idempotent4j.runtime.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the syntax of Redis URIs in Lettuce's forms without connecting: the scheme, each host and
 * port, the database number and, for Sentinel, the master id; stricter than {@code
 * RedisURI.create}, which accepts some typos. {@link RedisSettings} runs it before Lettuce parses a
 * URI, and the engine's settings run it (through {@link RedisSettings#checkRedis}) at start-up.
 *
 * <pre>{@code
 * RedisUriSyntax.checkSingle("redis://localhost:6379/0");                       // ok
 * RedisUriSyntax.checkSingle("redis-sentinel://h1:26379,h2:26379/0#mymaster");  // ok
 * RedisUriSyntax.checkSingle("http://localhost");   // IllegalArgumentException: scheme 'http' ...
 * }</pre>
 */
final class RedisUriSyntax {

  static final String SINGLE_FORMS =
      "Use redis://[user:password@]host[:port][/database], rediss://... (TLS),"
          + " redis-sentinel://[password@]host1[:port],host2[:port][/database]#masterId, or"
          + " redis-socket:///path/to/redis.sock (a Unix socket).";

  static final String CLUSTER_FORMS =
      "Use comma-separated seed URIs of the cluster's nodes, each"
          + " redis://[user:password@]host[:port] or rediss://..., e.g."
          + " redis://h1:7000,redis://h2:7001.";

  private static final Pattern PASSWORD = Pattern.compile("(://[^:@/,]*:)[^@/]*@");
  private static final Pattern DATABASE = Pattern.compile("/?|/\\d{1,5}");

  private RedisUriSyntax() {}

  /**
   * Checks one URI ({@code redis}, {@code rediss} or {@code redis-sentinel}).
   *
   * @return {@code uri}, unchanged
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static String checkSingle(String uri) {
    check(uri, true);
    return uri;
  }

  /**
   * Checks a comma-separated list of cluster seed URIs. A seed may omit its scheme after the first
   * ({@code redis://h1:7000,h2:7001}), as Lettuce allows.
   *
   * @return the seeds, each with its scheme
   * @throws IllegalArgumentException saying which seed is wrong and why
   */
  static List<String> checkClusterSeeds(String text) {
    List<String> seeds = new ArrayList<>();
    String scheme = null;
    for (String part : text.split(",", -1)) {
      String seed = part.strip();
      if (seed.isEmpty()) {
        throw new IllegalArgumentException("it has an empty seed (two commas, or a trailing one)");
      }
      if (!seed.contains("://")) {
        if (scheme == null) {
          throw new IllegalArgumentException("seed '" + seed + "' has no scheme");
        }
        seed = scheme + "://" + seed;
      }
      check(seed, false);
      scheme = seed.substring(0, seed.indexOf("://"));
      seeds.add(seed);
    }
    return List.copyOf(seeds);
  }

  /** {@code text} with every URI password replaced by {@code ***}, for logs and messages. */
  static String maskPasswords(String text) {
    return text == null ? null : PASSWORD.matcher(text).replaceAll("$1***@");
  }

  static void check(String uri, boolean sentinelAllowed) {
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd <= 0) {
      throw new IllegalArgumentException("it has no scheme (such as redis://)");
    }
    String scheme = uri.substring(0, schemeEnd);
    if (scheme.equals("redis-socket") && sentinelAllowed) {
      String path = uri.substring(schemeEnd + 3);
      if (!path.startsWith("/") || path.length() < 2) {
        throw new IllegalArgumentException(
            "a redis-socket URI needs an absolute socket path: redis-socket:///path/to/redis.sock");
      }
      return;
    }
    boolean sentinel = scheme.equals("redis-sentinel");
    if (!scheme.equals("redis") && !scheme.equals("rediss") && !(sentinel && sentinelAllowed)) {
      throw new IllegalArgumentException(
          "scheme '"
              + scheme
              + "' is not one of "
              + (sentinelAllowed
                  ? "redis, rediss, redis-sentinel, redis-socket"
                  : "redis, rediss"));
    }
    String rest = uri.substring(schemeEnd + 3);
    int query = rest.indexOf('?');
    int fragment = rest.indexOf('#');
    String masterId = null;
    if (fragment >= 0) {
      masterId = rest.substring(fragment + 1);
      rest = rest.substring(0, fragment);
    }
    if (query >= 0 && (fragment < 0 || query < fragment)) {
      rest = rest.substring(0, query);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (!DATABASE.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "'" + path + "' is not a database number (write /0 to /15, or nothing)");
    }
    if (sentinel) {
      if (masterId == null || masterId.isEmpty()) {
        throw new IllegalArgumentException(
            "a Sentinel URI needs the master id after '#', e.g. #mymaster");
      }
      for (String host : hosts.split(",", -1)) {
        checkHostAndPort(host);
      }
    } else {
      if (masterId != null) {
        throw new IllegalArgumentException(
            "'#" + masterId + "' (a master id) is only meaningful in a redis-sentinel:// URI");
      }
      if (hosts.contains(",")) {
        throw new IllegalArgumentException(
            "it lists several hosts; use redis-sentinel:// for Sentinel or the setting"
                + " 'redis.cluster' for a Redis Cluster");
      }
      checkHostAndPort(hosts);
    }
  }

  private static void checkHostAndPort(String hostAndPort) {
    String host;
    String port = null;
    if (hostAndPort.startsWith("[")) {
      int close = hostAndPort.indexOf(']');
      if (close < 0) {
        throw new IllegalArgumentException("IPv6 host '" + hostAndPort + "' lacks its ']'");
      }
      host = hostAndPort.substring(1, close);
      String after = hostAndPort.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new IllegalArgumentException("'" + hostAndPort + "' is not host:port");
        }
        port = after.substring(1);
      }
    } else {
      int colon = hostAndPort.lastIndexOf(':');
      host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
      port = colon < 0 ? null : hostAndPort.substring(colon + 1);
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("it has no host");
    }
    if (!host.matches("[A-Za-z0-9._:%-]+")) {
      throw new IllegalArgumentException("host '" + host + "' is not a host name or address");
    }
    if (port != null) {
      Matcher digits = Pattern.compile("\\d{1,5}").matcher(port);
      int number = digits.matches() ? Integer.parseInt(port) : -1;
      if (number < 1 || number > 65535) {
        throw new IllegalArgumentException(
            "port '" + port + "' of host '" + host + "' is not a number from 1 to 65535");
      }
    }
  }
}
