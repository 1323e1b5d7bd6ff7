package dev.idempotent4j.benchmarks;

import java.net.URI;

/**
 * The {@code redis-server} the shared-tier benchmarks talk to: the one {@code benchmarks/run.sh}
 * started on a free loopback port for this run, passed to every JMH fork as {@code
 * -Dbench.redis=redis://127.0.0.1:<port>}. The benchmarks write many keys to it, so only a loopback
 * address is accepted: never point it at a Redis that holds data.
 *
 * <pre>{@code
 * String uri = BenchRedis.uri(); // "redis://127.0.0.1:40123"
 * }</pre>
 */
public final class BenchRedis {

  /** The system property that carries the URI. */
  public static final String PROPERTY = "bench.redis";

  private BenchRedis() {}

  /**
   * The URI of the benchmark's own Redis.
   *
   * @throws IllegalStateException if the property is missing or names a host other than loopback
   */
  public static String uri() {
    String uri = System.getProperty(PROPERTY);
    if (uri == null || uri.isBlank()) {
      throw new IllegalStateException(
          "No Redis for the shared-tier benchmarks: -D"
              + PROPERTY
              + " is not set. Run benchmarks/run.sh, which starts its own redis-server on a free"
              + " loopback port, or start one yourself (redis-server --port 6390 --save '')"
              + " and pass -jvmArgsAppend -D"
              + PROPERTY
              + "=redis://127.0.0.1:6390.");
    }
    String host = URI.create(uri).getHost();
    if (!"127.0.0.1".equals(host) && !"localhost".equals(host) && !"::1".equals(host)) {
      throw new IllegalStateException(
          "-D"
              + PROPERTY
              + "="
              + uri
              + " is not a loopback address; the benchmarks write hundreds of thousands of keys,"
              + " so they only run against a redis-server started for them on 127.0.0.1.");
    }
    return uri;
  }
}
