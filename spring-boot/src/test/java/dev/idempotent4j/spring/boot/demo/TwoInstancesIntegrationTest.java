package dev.idempotent4j.spring.boot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.testing.RedisServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances of {@link DemoApplication} on one real Redis: this JVM's (a {@code SpringBootTest}
 * on a free port) and a second one in a forked JVM. The engine is process-wide, so the second
 * instance must be another JVM for the dedup to go through Redis, as in production.
 */
// The engine is process-wide: close this context after the class rather than caching it.
@DirtiesContext
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TwoInstancesIntegrationTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final HttpClient http = HttpClient.newHttpClient();
  private static Process second;
  private static int secondPort;

  @LocalServerPort int port;
  @Autowired MeterRegistry registry;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry properties) {
    properties.add("idempotent4j.redis", redis::uri);
    properties.add("idempotent4j.prefix", () -> "two-instances");
  }

  @BeforeAll
  static void startSecondInstance() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    second =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DemoApplication.class.getName(),
                "--server.port=0",
                "--demo.instance=second",
                "--idempotent4j.redis=" + redis.uri(),
                "--idempotent4j.prefix=two-instances")
            .redirectErrorStream(true)
            .start();
    secondPort = awaitPort(second);
  }

  @AfterAll
  static void stopSecondInstance() throws InterruptedException {
    if (second != null) {
      second.destroy();
      second.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aChargeRunsOnceAcrossBothInstances() throws Exception {
    String first = charge(port, "order-1");
    String again = charge(secondPort, "order-1");

    assertThat(first).isEqualTo("receipt for order-1 from first");
    assertThat(again).isEqualTo(first);
    assertThat(calls("executed")).isGreaterThanOrEqualTo(1);
    assertThat(secondInstanceCalls("replayed.shared")).isGreaterThanOrEqualTo(1);
  }

  @Test
  void concurrentChargesOnBothInstancesShareOneOutcome() throws Exception {
    for (int i = 0; i < 5; i++) {
      String order = "race-" + i;
      CompletableFuture<String> here =
          CompletableFuture.supplyAsync(() -> chargeUnchecked(port, order));
      CompletableFuture<String> there =
          CompletableFuture.supplyAsync(() -> chargeUnchecked(secondPort, order));
      assertThat(here.get(30, TimeUnit.SECONDS)).isEqualTo(there.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void countersAreMicrometerMetersReadBackFromASimpleMeterRegistry() throws Exception {
    double before = calls("executed");
    charge(port, "metered-1");
    charge(port, "metered-1");

    assertThat(simpleRegistry(registry)).isNotNull();
    assertThat(calls("executed")).isEqualTo(before + 1);
    assertThat(calls("replayed.local")).isGreaterThanOrEqualTo(1);
    assertThat(calls("executed")).isEqualTo(Idempotency.metrics().task("Demo.charge").executed());
    String actuator =
        get(port, "/actuator/metrics/idempotent4j.calls?tag=task:Demo.charge&tag=outcome:executed");
    assertThat(actuator).contains("\"name\":\"idempotent4j.calls\"");
  }

  @Test
  void healthShowsTheStoreUp() throws Exception {
    String health = get(port, "/actuator/health/idempotent4j");

    assertThat(health)
        .contains("\"status\":\"UP\"", "\"store\":\"redis\"", String.valueOf(redis.port()));
  }

  @Test
  void theIdempotencyEndpointShowsEachTasksCounters() throws Exception {
    charge(port, "endpoint-1");

    assertThat(get(port, "/actuator/idempotency"))
        .contains("\"tasks\":{\"Demo.charge\":{", "\"total\":{\"task\":\"*\"");
    assertThat(get(port, "/actuator/idempotency/Demo.charge"))
        .contains("\"task\":\"Demo.charge\"", "\"executed\":");
  }

  private double calls(String outcome) {
    return registry
        .get("idempotent4j.calls")
        .tags("task", "Demo.charge", "outcome", outcome)
        .functionCounter()
        .count();
  }

  private static double secondInstanceCalls(String outcome) throws Exception {
    String json =
        get(
            secondPort,
            "/actuator/metrics/idempotent4j.calls?tag=task:Demo.charge&tag=outcome:" + outcome);
    // {"name":"idempotent4j.calls",...,"measurements":[{"statistic":"COUNT","value":1.0}],...}
    int at = json.indexOf("\"value\":");
    return Double.parseDouble(json.substring(at + 8, json.indexOf('}', at)));
  }

  private static SimpleMeterRegistry simpleRegistry(MeterRegistry registry) {
    if (registry instanceof SimpleMeterRegistry simple) {
      return simple;
    }
    if (registry
        instanceof io.micrometer.core.instrument.composite.CompositeMeterRegistry composite) {
      for (MeterRegistry member : composite.getRegistries()) {
        if (member instanceof SimpleMeterRegistry simple) {
          return simple;
        }
      }
    }
    return null;
  }

  private static String chargeUnchecked(int port, String order) {
    try {
      return charge(port, order);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String charge(int port, String order) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orders/" + order + "/charge"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static String get(int port, String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Reads the child's output until it prints its port (and keeps draining it afterwards). */
  private static int awaitPort(Process process) throws Exception {
    BlockingQueue<String> lines = new ArrayBlockingQueue<>(10_000);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.offer(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "second-instance-output");
    reader.setDaemon(true);
    reader.start();
    StringBuilder seen = new StringBuilder();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(1, TimeUnit.SECONDS);
      if (line == null) {
        if (!process.isAlive()) {
          break;
        }
        continue;
      }
      seen.append(line).append('\n');
      if (line.startsWith("DEMO-PORT=")) {
        return Integer.parseInt(line.substring("DEMO-PORT=".length()).strip());
      }
    }
    process.destroyForcibly();
    throw new AssertionError("the second instance did not start:\n" + seen);
  }
}
