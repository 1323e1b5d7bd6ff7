package dev.idempotent4j.spring.boot;

import dev.idempotent4j.runtime.IdempotencyConfigurationException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails.Node;

/**
 * {@code idempotent4j.redis.use-spring=true}: the application's Spring Data Redis connection
 * ({@code spring.data.redis.*}, or a service connection such as Testcontainers') becomes the
 * setting {@code redis} (one server or Sentinel) or {@code redis.cluster}, unless one of those is
 * set. The settings, not the client, are reused: the engine opens its own Lettuce connections.
 *
 * <pre>{@code
 * spring.data.redis.host=cache       ->  redis = redis://cache:6379/0
 * spring.data.redis.sentinel.master=mymaster, nodes=s1:26379,s2:26379
 *                                    ->  redis = redis-sentinel://s1:26379,s2:26379/0#mymaster
 * spring.data.redis.cluster.nodes=h1:7000,h2:7001
 *                                    ->  redis.cluster = redis://h1:7000,redis://h2:7001
 * }</pre>
 */
final class SpringDataRedisSettings implements IdempotencySettingsCustomizer {

  private final DataRedisConnectionDetails details;
  private final String sslBundleName;

  /**
   * @param sslBundleName {@code spring.data.redis.ssl.bundle}, or null: a named bundle's key and
   *     trust material cannot be handed to the engine, which trusts what the JVM trusts
   */
  SpringDataRedisSettings(DataRedisConnectionDetails details, String sslBundleName) {
    this.details = details;
    this.sslBundleName = sslBundleName;
  }

  @Override
  public void customize(Map<String, String> settings) {
    if (settings.containsKey("redis") || settings.containsKey("redis.cluster")) {
      return; // explicit idempotent4j.redis* settings win over the inferred ones
    }
    if (sslBundleName != null && !sslBundleName.isBlank()) {
      throw refuse(
          "spring.data.redis.ssl.bundle = '"
              + sslBundleName
              + "' names an SSL bundle, whose key and trust material idempotent4j cannot use (it"
              + " trusts what the JVM trusts)",
          "set idempotent4j.redis=rediss://host:port and the JVM trust store"
              + " (-Djavax.net.ssl.trustStore=...)");
    }
    String scheme = details.getSslBundle() != null ? "rediss" : "redis";
    String auth = userInfo(details.getUsername(), details.getPassword());
    if (details.getCluster() != null) {
      settings.put(
          "redis.cluster",
          details.getCluster().getNodes().stream()
              .map(node -> scheme + "://" + auth + address(node))
              .collect(Collectors.joining(",")));
    } else if (details.getSentinel() != null) {
      settings.put("redis", sentinel(details.getSentinel(), auth));
    } else if (details.getMasterReplica() != null) {
      throw refuse(
          "spring.data.redis.masterreplica.nodes is set: idempotent4j connects to one server, a"
              + " Sentinel or a Cluster",
          "set idempotent4j.redis to the master's URI or to a redis-sentinel:// URI");
    } else {
      DataRedisConnectionDetails.Standalone standalone = details.getStandalone();
      settings.put(
          "redis",
          scheme
              + "://"
              + auth
              + standalone.getHost()
              + ":"
              + standalone.getPort()
              + "/"
              + standalone.getDatabase());
    }
  }

  private static String sentinel(DataRedisConnectionDetails.Sentinel sentinel, String auth) {
    if (sentinel.getPassword() != null && !sentinel.getPassword().isEmpty()) {
      throw refuse(
          "spring.data.redis.sentinel.password is set: a redis-sentinel:// URI carries the"
              + " data nodes' password only",
          "set idempotent4j.redis to a redis-sentinel:// URI and leave the Sentinels without a"
              + " password, or connect to the master directly");
    }
    List<String> nodes =
        sentinel.getNodes().stream()
            .map(SpringDataRedisSettings::address)
            .collect(Collectors.toList());
    return "redis-sentinel://"
        + auth
        + String.join(",", nodes)
        + "/"
        + sentinel.getDatabase()
        + "#"
        + sentinel.getMaster();
  }

  private static String address(Node node) {
    String host = node.host();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + node.port();
  }

  private static String userInfo(String user, String password) {
    if (password == null || password.isEmpty()) {
      return "";
    }
    return (user == null || user.isEmpty() ? "" : encode(user)) + ":" + encode(password) + "@";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static IdempotencyConfigurationException refuse(String why, String fix) {
    return new IdempotencyConfigurationException(
        "idempotent4j.redis.use-spring = true cannot reuse the Spring Data Redis connection: "
            + why
            + ". Instead, "
            + fix
            + ".");
  }
}
