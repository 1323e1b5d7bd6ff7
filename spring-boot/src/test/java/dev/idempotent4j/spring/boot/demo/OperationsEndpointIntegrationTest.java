package dev.idempotent4j.spring.boot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.idempotent4j.runtime.Idempotency;
import dev.idempotent4j.runtime.redis.RedisSettings;
import dev.idempotent4j.runtime.redis.RedisStore;
import dev.idempotent4j.runtime.store.Claim;
import dev.idempotent4j.runtime.store.ClaimRequest;
import dev.idempotent4j.runtime.store.SharedStore;
import dev.idempotent4j.testing.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The actuator endpoint {@code idempotency} as an operator uses it over HTTP, on {@link
 * DemoApplication} with a real Redis: show a key, list running keys, release (a dry run by
 * default), and the released claim's late complete refused.
 */
@DirtiesContext
@SpringBootTest(
    classes = DemoApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointIntegrationTest {

  @RegisterExtension static final RedisServer redis = RedisServer.start();

  private static final String PREFIX = "ops-endpoint";
  private static final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry properties) {
    properties.add("idempotent4j.redis", redis::uri);
    properties.add("idempotent4j.prefix", () -> PREFIX);
  }

  @Test
  void showListAndReleaseAStuckClaimOverHttp() throws Exception {
    String key = PREFIX + ":Demo.charge:stuck-1";
    try (SharedStore store =
        RedisStore.connect(RedisSettings.redis(redis.uri(), Duration.ofSeconds(5)))) {
      Claim.Claimed held =
          (Claim.Claimed)
              store.claim(
                  new ClaimRequest(
                      key, null, "worker-9", Duration.ofMinutes(5), Duration.ofHours(1)));

      HttpResponse<String> shown = get("/actuator/idempotency/Demo.charge/stuck-1");
      assertThat(shown.statusCode()).isEqualTo(200);
      assertThat(shown.body())
          .contains("\"key\":\"" + key + "\"", "\"state\":\"running\"", "\"owner\":\"worker-9\"")
          .contains("\"fence\":" + held.fence().token());

      assertThat(get("/actuator/idempotency/Demo.charge?state=running").body())
          .contains("\"key\":\"" + key + "\"", "\"cursor\":null");

      HttpResponse<String> dry = post("/actuator/idempotency/Demo.charge/stuck-1", "{}");
      assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
      assertThat(dry.body()).contains("\"dryRun\":true", "\"released\":false");
      assertThat(store.operations().orElseThrow().show(key)).isPresent();

      HttpResponse<String> done =
          post("/actuator/idempotency/Demo.charge/stuck-1", "{\"dryRun\":false}");
      assertThat(done.body()).contains("\"dryRun\":false", "\"released\":true");
      assertThat(store.complete(key, held.fence(), "\"late\"", Duration.ofHours(1)))
          .isEqualTo(SharedStore.Completion.LEASE_LOST);
    }
    // The key is free again: the application runs it.
    assertThat(charge("stuck-1")).isEqualTo("receipt for stuck-1 from first");
    assertThat(get("/actuator/idempotency/Demo.charge/nobody").statusCode()).isEqualTo(404);
    HttpResponse<String> badState = get("/actuator/idempotency/Demo.charge?state=asleep");
    assertThat(badState.statusCode()).isEqualTo(400);
  }

  @Test
  void releasingACompletedOutcomeLetsThisInstanceRunItAgain() throws Exception {
    charge("done-1");
    long executed = Idempotency.metrics().task("Demo.charge").executed();
    HttpResponse<String> shown = get("/actuator/idempotency/Demo.charge/done-1");
    assertThat(shown.body())
        .contains("\"state\":\"completed\"", "\"resultSize\":")
        .doesNotContain("receipt for");

    post("/actuator/idempotency/Demo.charge/done-1", "{\"dryRun\":false}");
    charge("done-1");
    assertThat(Idempotency.metrics().task("Demo.charge").executed()).isEqualTo(executed + 1);
  }

  private String charge(String order) throws IOException, InterruptedException {
    HttpResponse<String> response = post("/orders/" + order + "/charge", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30));
    if (json == null) {
      request.POST(HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
