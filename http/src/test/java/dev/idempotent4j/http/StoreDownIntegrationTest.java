package dev.idempotent4j.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.testing.RedisServer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine's fail mode (closed, the default) seen through HTTP: Redis down is a 503. */
class StoreDownIntegrationTest {

  static RedisServer redis;

  @BeforeAll
  static void start() {
    redis = RedisServer.start();
    Idempotency.configure(Map.of("redis", redis.uri(), "timeout", "500ms"));
  }

  @AfterAll
  static void stop() {
    Idempotency.reset();
    redis.close();
  }

  @Test
  void redisDownIs503ProblemWithRetryAfterAndNothingRuns() throws Exception {
    Payments.Charges charges = new Payments.Charges();
    IdempotencyKeyFilter filter = IdempotencyKeyFilter.builder().taskName("StoreDown").build();
    try (TestServer server = TestServer.start(filter, Map.of("/charges", charges))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request =
          HttpRequest.newBuilder(server.uri("/charges"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .build();
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(201);

      redis.kill();
      HttpRequest other =
          HttpRequest.newBuilder(server.uri("/charges"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .header("Idempotency-Key", UUID.randomUUID().toString())
              .build();
      HttpResponse<String> down = client.send(other, HttpResponse.BodyHandlers.ofString());

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.headers().firstValue("Retry-After")).contains("1");
      assertThat(down.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(down.body()).contains("store-unavailable");
      assertThat(charges.runs.get()).isEqualTo(1);
    }
  }
}
