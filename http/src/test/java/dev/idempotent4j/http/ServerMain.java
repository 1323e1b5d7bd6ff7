package dev.idempotent4j.http;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.IdempotencyContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM for {@link SharedTierIntegrationTest}: Jetty with the filter on the engine's Redis
 * tier. Prints {@code ready <port>} when it serves and {@code running <name> <fencing token>} each
 * time its handler starts; a request with {@code X-Hold: <name>} holds its handler until a {@code
 * finish} line arrives on stdin.
 *
 * <pre>{@code
 * java -cp ... dev.idempotent4j.http.ServerMain a redis://127.0.0.1:6379 1s
 * }</pre>
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws Exception {
    String name = args[0];
    Idempotency.configure(Map.of("redis", args[1]));
    Duration lease = dev.idempotent4j.Durations.parse(args[2]);
    LinkedBlockingQueue<String> commands = new LinkedBlockingQueue<>();
    Thread stdin =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  commands.add(line);
                }
              } catch (IOException e) {
                // the test is gone
              }
              System.exit(0);
            });
    stdin.setDaemon(true);
    stdin.start();

    HttpServlet charges =
        new HttpServlet() {
          private static final long serialVersionUID = 1L;

          @Override
          protected void doPost(HttpServletRequest req, HttpServletResponse resp)
              throws IOException {
            long fence = IdempotencyContext.current().orElseThrow().fencingToken();
            say("running " + name + " " + fence);
            if (name.equals(req.getHeader("X-Hold"))) {
              try {
                commands.poll(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            resp.setStatus(201);
            resp.setContentType("application/json");
            resp.setHeader("Location", "/charges/" + name + "-" + fence);
            resp.getWriter().write("{\"server\":\"" + name + "\",\"fence\":" + fence + "}");
          }
        };
    IdempotencyKeyFilter filter =
        IdempotencyKeyFilter.builder()
            .taskName("SharedTierTest")
            .caller(CallerResolver.header("X-Api-Key"))
            .lease(lease)
            .build();
    TestServer server = TestServer.start(filter, Map.of("/charges", charges));
    say("ready " + server.port());
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
