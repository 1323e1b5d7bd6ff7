package dev.idempotent4j.http;

import dev.idempotent4j.testsupport.LineJvm;
import java.net.URI;
import java.time.Duration;

/**
 * A forked {@link ServerMain} on the test classpath: a second (or third) server sharing Redis. It
 * says {@code ready <port>} once it listens.
 *
 * <pre>{@code
 * try (ServerJvm a = ServerJvm.start("a", redis.uri(), "1s")) {
 *   client.send(HttpRequest.newBuilder(a.uri("/charges"))...);
 * }
 * }</pre>
 */
final class ServerJvm extends LineJvm {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  private final int port;

  private ServerJvm(String name, String redisUri, String lease) {
    super("server " + name, ServerMain.class, name, redisUri, lease);
    try {
      this.port = Integer.parseInt(expect("ready ").substring("ready ".length()));
    } catch (RuntimeException | AssertionError e) {
      close(); // a server that never became ready is not left running
      throw e;
    }
  }

  static ServerJvm start(String name, String redisUri, String lease) {
    return new ServerJvm(name, redisUri, lease);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** The next line from the server, which must start with {@code prefix}. */
  String expect(String prefix) {
    return expect(prefix, LIMIT);
  }
}
