package dev.idempotent4j.samples.http;

import dev.idempotent4j.http.CallerResolver;
import dev.idempotent4j.http.IdempotencyKeyFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small payments API on embedded Jetty with the {@code Idempotency-Key} filter in front of {@code
 * POST /charges}, and a client that retries. Run it with
 *
 * <pre>{@code
 * mvn -B -q package -Psample -pl samples -am -DskipTests \
 *     -Dsample.main=dev.idempotent4j.samples.http.PaymentsHttpSample
 * }</pre>
 *
 * <p>The first charge is slower than the client's timeout: the client retries with the same key,
 * gets {@code 409} while the charge still runs, then the stored {@code 201} (replayed). The card is
 * charged once. Reusing the key for another amount is a {@code 422}.
 */
public final class PaymentsHttpSample {
  private PaymentsHttpSample() {}

  public static void main(String[] args) throws Exception {
    ChargesServlet charges = new ChargesServlet();
    Server server = start(charges);
    try {
      int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
      URI uri = URI.create("http://127.0.0.1:" + port + "/charges");
      RetryingClient client = new RetryingClient(Duration.ofSeconds(1), 6);

      String key = UUID.randomUUID().toString();
      System.out.println("POST /charges amount 1250, Idempotency-Key " + key);
      HttpResponse<String> created = client.post(uri, key, "{\"amount\":1250}");
      print(created);

      System.out.println("POST /charges again with the same key and body (a late duplicate)");
      print(client.post(uri, key, "{\"amount\":1250}"));

      System.out.println("POST /charges with the same key and another amount");
      print(client.post(uri, key, "{\"amount\":9999}"));

      System.out.println(charges.charged.get() + " card charge for 3 requests and their retries");
    } finally {
      server.stop();
    }
  }

  static Server start(ChargesServlet charges) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/");
    IdempotencyKeyFilter filter =
        IdempotencyKeyFilter.builder()
            .taskName("PaymentsApi")
            .caller(CallerResolver.header("X-Api-Key"))
            .ttl(Duration.ofHours(24))
            .build();
    context.addFilter(new FilterHolder(filter), "/charges", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(charges), "/charges");
    server.setHandler(context);
    server.start();
    return server;
  }

  private static void print(HttpResponse<String> r) {
    System.out.println(
        "  -> "
            + r.statusCode()
            + " Location="
            + r.headers().firstValue("Location").orElse("-")
            + " Idempotent-Replayed="
            + r.headers().firstValue("Idempotent-Replayed").orElse("-")
            + " Set-Cookie="
            + r.headers().firstValue("Set-Cookie").orElse("-")
            + " "
            + r.body());
  }
}
