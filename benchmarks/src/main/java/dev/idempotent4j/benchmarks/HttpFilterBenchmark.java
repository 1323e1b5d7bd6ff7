package dev.idempotent4j.benchmarks;

import dev.idempotent4j.http.IdempotencyKeyFilter;
import dev.idempotent4j.runtime.Idempotency;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The {@code Idempotency-Key} filter's cost on a trivial {@code POST} over loopback: embedded Jetty
 * 12 and {@code java.net.http.HttpClient} in this JVM, one connection, one thread. Three ways side
 * by side, each a whole request and response:
 *
 * <ul>
 *   <li>{@link #bare}: the same handler with no filter in front (the hand-written baseline: an
 *       endpoint without idempotency);
 *   <li>{@link #firstExecution}: a fresh key each time: claim, run the handler into the held
 *       buffer, record the response, send it;
 *   <li>{@link #replay}: a key whose response is stored: the handler does not run, the stored
 *       response is sent with {@code Idempotent-Replayed: true}.
 * </ul>
 *
 * <p>{@code store=local} is the embedded default; {@code store=redis} adds the shared tier (one
 * claim and one complete round trip per first execution; a replay is answered by the local tier).
 * Aims (issue 14): a first execution under 1.3x {@link #bare} with the local tier, and a replay
 * faster than the handler it replaces.
 *
 * <pre>
 * mvn -B -q -DskipTests package -pl benchmarks -am
 * java -jar benchmarks/target/benchmarks.jar HttpFilterBenchmark -p store=local -prof gc
 * # with the shared tier, against a redis-server started for it on loopback:
 * java -jar benchmarks/target/benchmarks.jar HttpFilterBenchmark \
 *   -jvmArgsAppend -Dbench.redis=redis://127.0.0.1:6390 -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class HttpFilterBenchmark {

  static final int STORED_KEYS = 1024;
  static final byte[] RESPONSE =
      "{\"id\":\"ch_1\",\"amount\":100}".getBytes(StandardCharsets.UTF_8);

  /** The server, the client and the stored keys, shared by the benchmark's thread. */
  @State(Scope.Benchmark)
  public static class Api {
    @Param({"local", "redis"})
    String store;

    Server server;
    HttpClient client;
    URI bare;
    URI protectedUri;
    HttpRequest[] stored;
    long next;

    @Setup(Level.Trial)
    public void start() throws Exception {
      Idempotency.reset();
      if (store.equals("redis")) {
        Idempotency.configure(Map.of("redis", BenchRedis.uri()));
      }
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler("/");
      IdempotencyKeyFilter filter =
          IdempotencyKeyFilter.builder()
              .taskName("HttpFilterBenchmark")
              .ttl(Duration.ofMinutes(10))
              .build();
      context.addFilter(new FilterHolder(filter), "/protected", EnumSet.of(DispatcherType.REQUEST));
      context.addServlet(new ServletHolder(new Charge()), "/protected");
      context.addServlet(new ServletHolder(new Charge()), "/bare");
      server.setHandler(context);
      server.start();
      String base = "http://127.0.0.1:" + connector.getLocalPort();
      bare = URI.create(base + "/bare");
      protectedUri = URI.create(base + "/protected");
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      stored = new HttpRequest[STORED_KEYS];
      for (int i = 0; i < STORED_KEYS; i++) {
        stored[i] = request(protectedUri, "stored-" + System.nanoTime() + "-" + i);
        send(client, stored[i]);
      }
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
      server.stop();
      Idempotency.reset();
    }
  }

  static HttpRequest request(URI uri, String key) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":100}"));
    if (key != null) {
      b.header("Idempotency-Key", key);
    }
    return b.build();
  }

  static int send(HttpClient client, HttpRequest request) throws Exception {
    HttpResponse<byte[]> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (java.io.IOException e) {
      // HttpClient now and then reuses a pooled connection just as it closes ("header parser
      // received no bytes"); send once more rather than lose the fork. Not a filter path.
      response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
    if (response.statusCode() != 201) {
      throw new IllegalStateException("unexpected " + response.statusCode());
    }
    return response.body().length;
  }

  @Benchmark
  public int bare(Api api) throws Exception {
    return send(api.client, request(api.bare, null));
  }

  @Benchmark
  public int firstExecution(Api api) throws Exception {
    return send(api.client, request(api.protectedUri, "k-" + api.next++));
  }

  @Benchmark
  public int replay(Api api) throws Exception {
    return send(api.client, api.stored[(int) (api.next++ & (STORED_KEYS - 1))]);
  }

  /** A trivial charge endpoint: reads the body, answers 201 with a small JSON and a Location. */
  static final class Charge extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      req.getInputStream().readAllBytes();
      resp.setStatus(201);
      resp.setContentType("application/json");
      resp.setHeader("Location", "/charges/ch_1");
      resp.getOutputStream().write(RESPONSE);
    }
  }
}
